/**
 * Resident identity card numbers (GB 11643-1999): 6-digit address code, 8-digit birth
 * date, 3-digit sequence, and an ISO 7064 MOD 11-2 check character (0-9 or X).
 */
const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkCharacters = '10X98765432';

export type IdentifierCheck = { valid: true; normalized: string } | { valid: false; reason: string };

export function residentIdCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * weights[i];
  return checkCharacters[sum % 11];
}

export function checkResidentId(input: string, today: Date = new Date()): IdentifierCheck {
  const id = input.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return { valid: false, reason: 'must be 17 digits followed by a digit or X' };
  if (!/^[1-8]\d{5}$/.test(id.slice(0, 6))) return { valid: false, reason: 'the address code is not a division code' };
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  const realDate = birth.getUTCFullYear() === year && birth.getUTCMonth() === month - 1 && birth.getUTCDate() === day;
  if (!realDate || year < 1900 || birth.getTime() > today.getTime()) return { valid: false, reason: 'the birth date is not a real past date' };
  if (residentIdCheckCharacter(id) !== id[17]) return { valid: false, reason: 'the check character does not match (GB 11643)' };
  return { valid: true, normalized: id };
}
