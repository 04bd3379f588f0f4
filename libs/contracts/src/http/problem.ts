import { z } from 'zod';
import { shownText } from '../common/text.js';

/** RFC 9457 problem details, as every gateway error answers. */
export const Problem = z
  .object({
    type: shownText(),
    title: shownText(),
    status: z.int(),
    detail: shownText().optional(),
    instance: shownText().optional(),
    code: shownText(),
    traceId: shownText().optional(),
    errors: z.array(z.object({ in: shownText(), field: shownText(), message: shownText() })).optional(),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof Problem>;

export const problemContentType = 'application/problem+json';
