import { AppError, type AppLogger } from '@igs/platform';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from './problem.filter.js';
import { requestIdHeader } from './request-tracing.js';

/**
 * The errors Fastify's router raises before any route or hook runs (a path that is not valid
 * percent-encoding, a path parameter longer than the router takes), answered as problem+json
 * like every other error instead of Fastify's own JSON.
 */
export function frameworkErrorAnswerer(maxParamLength: number, logger: AppLogger) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    void reply.header('x-content-type-options', 'nosniff').header(requestIdHeader, request.id);
    sendProblem(describe(error, maxParamLength), request, reply, logger);
  };
}

function describe(error: FastifyError, maxParamLength: number): unknown {
  if (error.code === 'FST_ERR_BAD_URL') return new AppError('PLATFORM.BAD_REQUEST', 'the path is not valid percent-encoding');
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return new AppError('PLATFORM.BAD_REQUEST', `a path segment is longer than ${maxParamLength} characters`);
  return error;
}
