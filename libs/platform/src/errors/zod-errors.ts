import type { FieldError } from '@igs/contracts';
import type { z } from 'zod';

/** Every issue of a failed parse as one bad field, for problem+json `errors`. */
export function fieldErrorsOf(error: z.ZodError, location: FieldError['in']): FieldError[] {
  return error.issues.map((issue) => ({
    in: location,
    field: issue.path.map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index ? '.' : ''}${String(part)}`)).join('') || '(root)',
    // A bad key of a record says only "Invalid key in record": say what is wrong with it.
    message: issue.code === 'invalid_key' && issue.issues[0] ? `the key ${issue.issues[0].message}` : issue.message,
  }));
}
