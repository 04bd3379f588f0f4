import type { FieldError } from '@igs/contracts';
import type { z } from 'zod';

/** Every issue of a failed parse as one bad field, for problem+json `errors`. */
export function fieldErrorsOf(error: z.ZodError, location: FieldError['in']): FieldError[] {
  return error.issues.map((issue) => ({
    in: location,
    field: issue.path.map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index ? '.' : ''}${String(part)}`)).join('') || '(root)',
    message: issue.message,
  }));
}
