import type { IdentifierCheck } from './resident-id.js';

/**
 * Unified social credit codes (GB 32100-2015): registration authority, entity type,
 * 6-digit division code, 9-character organisation code, and a MOD 31 check character,
 * over an alphabet without I, O, S, V and Z.
 */
const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function socialCreditCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += alphabet.indexOf(first17[i]) * weights[i];
  return alphabet[(31 - (sum % 31)) % 31];
}

export function checkSocialCreditCode(input: string): IdentifierCheck {
  const code = input.trim().toUpperCase();
  if (!new RegExp(`^[${alphabet}]{18}$`).test(code)) {
    return { valid: false, reason: 'must be 18 characters of 0-9 and A-Z without I, O, S, V, Z' };
  }
  if (!/^[1-9A-HNY]/.test(code)) return { valid: false, reason: 'the registration authority code is not assigned' };
  if (!/^\d{6}$/.test(code.slice(2, 8))) return { valid: false, reason: 'characters 3 to 8 must be a division code' };
  if (socialCreditCheckCharacter(code) !== code[17]) return { valid: false, reason: 'the check character does not match (GB 32100)' };
  return { valid: true, normalized: code };
}
