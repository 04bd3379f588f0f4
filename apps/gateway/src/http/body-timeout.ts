import type { Readable } from 'node:stream';
import { AppError, type AppLogger } from '@igs/platform';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { sendProblem } from './problem.filter.js';
import { announcesBody } from './request-body.js';
import { addRouteHook, onRoutes } from './route-config.js';

/**
 * An ordinary body must arrive within `timeoutMs` of the gateway starting to read it, or the
 * request is answered 408 and its connection closed: a client sending a byte now and then
 * cannot hold a connection and a parser open.
 *
 * Node's own requestTimeout cannot be used: it counts until the whole request has arrived,
 * and an upload (which reads its file as fast as the services take its rows) may rightly take
 * longer than that; uploads time out when they pause instead (see upload.ts).
 *
 * The bodies being read are kept in one map that a timer sweeps a few times per timeout,
 * rather than a timer per request: a data call's body has not arrived yet when its hooks run
 * (Node parses it after the headers' callbacks), so every call would pay for one.
 */
export function installBodyTimeout(fastify: FastifyInstance, timeoutMs: number, logger: AppLogger): void {
  const reading = new Map<FastifyReply, number>();
  const sweep = setInterval(
    () => {
      const now = Date.now();
      for (const [reply, deadline] of reading) {
        if (reply.sent || reply.raw.destroyed || reply.request.raw.complete) reading.delete(reply);
        else if (now >= deadline) {
          reading.delete(reply);
          // Answered here; the body parser, still waiting, gives up when the connection closes.
          sendProblem(requestTimeout(`the body did not arrive within ${timeoutMs} ms`), reply.request, reply, logger);
        }
      }
    },
    Math.min(1000, Math.max(50, Math.floor(timeoutMs / 4))),
  );
  sweep.unref();
  fastify.addHook('onClose', (_instance, done) => {
    clearInterval(sweep);
    done();
  });
  onRoutes(fastify, (route, takesBody) => {
    if (!takesBody || route.config?.upload) return;
    addRouteHook(route, 'preParsing', (request: FastifyRequest, reply: FastifyReply, payload: Readable, done: (error: Error | null, body?: Readable) => void) => {
      if (!request.raw.complete && announcesBody(request.raw)) reading.set(reply, Date.now() + timeoutMs);
      done(null, payload);
    });
    // The body has been read: nothing more to watch.
    addRouteHook(route, 'preValidation', (_request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
      reading.delete(reply);
      done();
    });
  });
}

export function requestTimeout(message: string): AppError {
  return new AppError('PLATFORM.REQUEST_TIMEOUT', message);
}
