import type { ErrorBody, ErrorCode, FieldError } from '@igs/contracts';

/**
 * The one error type services throw for expected failures. It carries a stable code the
 * gateway maps to HTTP; anything else that escapes a handler is an internal error.
 */
export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  static validation(errors: FieldError[], message = 'The request is not valid'): AppError {
    return new AppError('PLATFORM.VALIDATION', message, { errors });
  }

  toBody(): ErrorBody {
    return { code: this.code, message: this.message, details: this.details };
  }
}

/** A reply error received from another service, rethrown on the caller's side. */
export class RemoteError extends Error {
  override readonly name = 'RemoteError';
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}
