import { z } from 'zod';

/**
 * Digits that look like a personal identifier: a resident ID (15 or 18 characters, the last
 * maybe X), a bank card (16 to 19 digits), a mainland mobile number (11 digits from 13 to 19).
 * Dates, amounts and case numbers have shorter runs.
 */
const personalIdentifier = /\d{15,}|\d{17}[Xx]|(?<!\d)1[3-9]\d{9}(?!\d)/;

/**
 * Free text the platform keeps as written (a call's purpose in its audit, a demand's
 * purpose, a reason in a history) and shows to other departments. Personal values are
 * kept only as tokens and sealed originals, so text that holds an identifier is refused:
 * name the case, not the person.
 */
export function keptText(min: number, max: number) {
  return z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((text) => !personalIdentifier.test(text), 'must not hold an ID number, a card number or a phone number: it is kept as written');
}
