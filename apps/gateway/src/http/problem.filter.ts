import { Catch, HttpException, NotFoundException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { problemContentType, type ErrorCode, type FieldError } from '@igs/contracts';
import { AppError, RateLimitedLog, RemoteError, type AppLogger } from '@igs/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { announcesBody } from './request-body.js';
import { buildProblem, type ProblemInput } from './problem.js';
import { traceIdOf } from './request-tracing.js';

/** Fastify's own errors, raised before a route handler runs. */
const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PLATFORM.PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'PLATFORM.UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'PLATFORM.BAD_REQUEST',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'PLATFORM.MALFORMED_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'PLATFORM.MALFORMED_JSON',
};

/** What a 503 tells the caller to wait when the error names no time of its own. */
const defaultRetryAfterSeconds = 1;

/**
 * Failures of the services behind the gateway come in floods (a service, NATS or the
 * database down means every request fails): each kind is logged once per interval, with a count.
 */
const failureLogs = new WeakMap<AppLogger, RateLimitedLog>();
function failureLog(logger: AppLogger): RateLimitedLog {
  let log = failureLogs.get(logger);
  if (!log) failureLogs.set(logger, (log = new RateLimitedLog(logger)));
  return log;
}

/** Every error the gateway answers becomes problem+json with a stable code and the trace id. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly logger: AppLogger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(error, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), this.logger);
  }
}

/** The same answer for the errors of the plain Fastify routes (see registerForwardedRoutes). */
export function sendProblem(error: unknown, request: FastifyRequest, reply: FastifyReply, logger: AppLogger): FastifyReply {
  const problem = buildProblem({ ...describe(error), instance: request.url, traceId: traceIdOf(request) });
  if (problem.status >= 500) {
    failureLog(logger).error(`${problem.code} ${request.routeOptions.url ?? ''}`, { err: error, code: problem.code, url: request.url }, 'request failed');
    // What failed, never how: messaging errors name subjects and server limits. The log line has them, under the same trace id.
    problem.detail =
      problem.status === 500 ? 'an unexpected error occurred; quote the trace id when reporting it' : 'try again shortly; quote the trace id when reporting it';
  }
  const carrier = appErrorOf(error) ?? (error instanceof RemoteError ? error : undefined);
  const details = carrier?.details as { wwwAuthenticate?: string; retryAfterSeconds?: number } | undefined;
  if (details?.wwwAuthenticate) void reply.header('www-authenticate', details.wwwAuthenticate);
  // Every 503 says when to try again: the service, NATS or the database is expected back.
  const retryAfter = details?.retryAfterSeconds ?? (problem.status === 503 ? defaultRetryAfterSeconds : undefined);
  if (retryAfter) void reply.header('retry-after', String(retryAfter));
  // Refused before its body was read (an unknown caller, a body too large or too slow): close
  // the connection rather than let Node read the rest of the body to keep it alive.
  if (!request.raw.complete && announcesBody(request.raw)) void reply.header('connection', 'close');
  return reply.status(problem.status).type(problemContentType).send(problem);
}

/** An AppError, also when Nest wrapped it (one thrown in a Fastify hook or body parser of a Nest route). */
function appErrorOf(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  return error instanceof HttpException && error.cause instanceof AppError ? error.cause : undefined;
}

function describe(error: unknown): ProblemInput {
  const appError = appErrorOf(error);
  if (appError) return { code: appError.code, detail: appError.message, errors: fieldErrors(appError.details) };
  if (error instanceof RemoteError) return { code: error.code, detail: error.message, errors: fieldErrors(error.details) };
  if (error instanceof NotFoundException) return { code: 'PLATFORM.ROUTE_NOT_FOUND', detail: 'no route matches this method and path' };
  // Nest wraps Fastify's own 4xx errors (body limit, JSON parsing) in an HttpException.
  const fastifyError = (error instanceof HttpException && error.cause ? error.cause : error) as { code?: string; statusCode?: number; message?: string };
  if (fastifyError.code && fastifyCodes[fastifyError.code]) {
    return { code: fastifyCodes[fastifyError.code], detail: fastifyError.message };
  }
  if (error instanceof SyntaxError) return { code: 'PLATFORM.MALFORMED_JSON', detail: error.message };
  const status = error instanceof HttpException ? error.getStatus() : fastifyError.statusCode;
  if (status === 413) return { code: 'PLATFORM.PAYLOAD_TOO_LARGE', detail: fastifyError.message };
  if (status === 415) return { code: 'PLATFORM.UNSUPPORTED_MEDIA_TYPE', detail: fastifyError.message };
  if (status === 405) return { code: 'PLATFORM.METHOD_NOT_ALLOWED', detail: fastifyError.message };
  if (status && status >= 400 && status < 500) return { code: 'PLATFORM.BAD_REQUEST', status, detail: fastifyError.message };
  return { code: 'PLATFORM.INTERNAL', detail: 'an unexpected error occurred; quote the trace id when reporting it' };
}

function fieldErrors(details: unknown): FieldError[] | undefined {
  const errors = (details as { errors?: FieldError[] } | undefined)?.errors;
  return Array.isArray(errors) ? errors : undefined;
}
