import { isErrorCode, type ErrorBody, type ErrorCode, type FieldError } from '@igs/contracts';

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
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  /**
   * The error a reply carries. A code the contracts do not know (a responder built from newer
   * contracts) is an internal error here: this side cannot tell what it means, nor answer it truthfully.
   */
  static fromBody({ code, message, details }: ErrorBody): RemoteError {
    return isErrorCode(code) ? new RemoteError(code, message, details) : new RemoteError('PLATFORM.INTERNAL', `${code}: ${message}`, details);
  }

  /** Whether this is the error a caller expects to handle: a misspelled code does not compile. */
  hasCode(code: ErrorCode): boolean {
    return this.code === code;
  }
}
