import type { z } from 'zod';
import { personalDataIn } from './personal-data.js';
import { textOf } from './text.js';

/**
 * Free text the platform keeps as written (a call's purpose in its audit, a demand's
 * purpose and legal basis, a reason in a history, a catalog's name) and shows to other
 * departments or the public. Personal values are kept only as tokens and sealed originals,
 * so text that holds one is refused: name the case, not the person.
 */
export function keptText(min: number, max: number): z.ZodString {
  return textOf('kept')
    .trim()
    .min(min)
    .max(max)
    .refine((text) => text.length === 0 || personalDataIn(text) === undefined, {
      error: (issue) => `must not hold ${personalDataIn(issue.input as string) ?? 'a personal value'}: it is kept as written and shown to others`,
    });
}
