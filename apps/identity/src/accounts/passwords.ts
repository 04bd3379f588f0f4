import { Algorithm, hash, verify } from '@node-rs/argon2';

/** Argon2id with the OWASP-recommended minimum (19 MiB, 2 passes). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
}

export async function passwordMatches(stored: string | null, password: string): Promise<boolean> {
  if (!stored) return false;
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** Verified against when the account does not exist, so timing does not tell which accounts exist. */
export const decoyHash = hashPassword('decoy-password-never-used');
