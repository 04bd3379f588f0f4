/**
 * Assurance, split in two as NIST SP 800-63 and eIDAS split it:
 *
 * - the identity-proofing level of a person (stored with the account): how well the platform
 *   knows that the account belongs to the person it names. 1: self-registered, nothing
 *   checked; 2: name and ID number checked against the population register; 3: the person
 *   seen, in a service hall or by a certified face match; 4: seen in person with the chip
 *   of the resident ID card read.
 * - the authentication level of one sign-in: what its factors prove. One factor (a password,
 *   or a code sent by SMS to the registered mobile) is 2; two different factors are 3; 4 needs
 *   a hardware-bound factor (the ID card's chip, a security key), which the platform does not
 *   offer yet.
 *
 * A token's `acr` is what its sign-in proves, capped by the proofing level: a level-4 person
 * signing in with a password only gets 2, and a self-registered one never more than 1. Its
 * `amr` lists the methods used (RFC 8176). A route needing more (`minAcr`) answers 401 with
 * `insufficient_user_authentication` and the `acr_values` to ask for (RFC 9470); the client
 * sends the person back with them, and the identity service asks for the missing factor.
 */
export type AssuranceLevel = 1 | 2 | 3 | 4;

export const assuranceLevels: readonly AssuranceLevel[] = [1, 2, 3, 4];

/** Authentication method references (RFC 8176) of the factors the platform offers. */
export const authMethods = { password: 'pwd', sms: 'sms', multiFactor: 'mfa' } as const;
export type AuthFactor = typeof authMethods.password | typeof authMethods.sms;

/** The `amr` of a sign-in with these factors: each once, and `mfa` when there are two. */
export function amrOf(factors: readonly string[]): string[] {
  const used = [authMethods.password, authMethods.sms].filter((factor) => factors.includes(factor));
  return used.length > 1 ? [...used, authMethods.multiFactor] : used;
}

/** What the factors of a sign-in prove on their own. */
export function authenticationLevel(amr: readonly string[]): AssuranceLevel {
  const factors = amrOf(amr).filter((method) => method !== authMethods.multiFactor).length;
  return factors >= 2 ? 3 : factors === 1 ? 2 : 1;
}

/** A sign-in's `acr`: its authentication level, capped by the person's identity-proofing level. */
export function signInAcr(proofingLevel: number, amr: readonly string[]): AssuranceLevel {
  return Math.max(1, Math.min(proofingLevel, authenticationLevel(amr))) as AssuranceLevel;
}

/** The `acr_values` a route needing `minAcr` asks for: every level from it up, lowest first. */
export function acrValuesFrom(minAcr: number): string {
  return assuranceLevels.filter((level) => level >= minAcr).join(' ');
}

/** The lowest level an `acr_values` request accepts (the levels are ordered); undefined without one. */
export function lowestAcrOf(acrValues: unknown): AssuranceLevel | undefined {
  if (typeof acrValues !== 'string') return undefined;
  const levels = acrValues
    .split(' ')
    .map(Number)
    .filter((level): level is AssuranceLevel => assuranceLevels.includes(level as AssuranceLevel));
  return levels.length > 0 ? (Math.min(...levels) as AssuranceLevel) : undefined;
}
