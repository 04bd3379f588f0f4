import { errorCatalog, problemTypeOf, statusOf, type ErrorCode, type FieldError, type Problem } from '@igs/contracts';

export interface ProblemInput {
  code: ErrorCode;
  detail?: string;
  instance?: string;
  traceId?: string;
  errors?: FieldError[];
  status?: number;
}

/** An RFC 9457 body for a stable error code. */
export function buildProblem(input: ProblemInput): Problem {
  const status = input.status ?? statusOf(input.code);
  return {
    type: problemTypeOf(input.code),
    title: errorCatalog[input.code].title,
    status,
    detail: input.detail,
    instance: input.instance,
    code: input.code,
    traceId: input.traceId,
    errors: input.errors,
  };
}
