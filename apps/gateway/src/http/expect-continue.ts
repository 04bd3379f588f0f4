import type { Server } from 'node:http';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { addRouteHook, onRoutes } from './route-config.js';

/**
 * A client that asks before sending its body (`Expect: 100-continue`, as curl does for large
 * ones) is told to go on only once the route has let its caller in, and only when the body it
 * announces is within the route's limit: a refused one never sends its body at all. Node
 * would otherwise answer 100 Continue as soon as the headers arrive.
 */
export function continueOnceAdmitted(fastify: FastifyInstance, server: Server, limits: { bodyBytes: number; uploadBytes: number }): void {
  server.on('checkContinue', (request, response) => server.emit('request', request, response));
  onRoutes(fastify, (route, takesBody) => {
    if (!takesBody) return;
    const limit = route.config?.upload ? limits.uploadBytes : limits.bodyBytes;
    addRouteHook(
      route,
      'preParsing',
      (request: FastifyRequest, reply: FastifyReply, payload: Readable, done: (error: Error | null, body?: Readable) => void) => {
        const asks = request.headers.expect?.toLowerCase() === '100-continue';
        if (asks && !reply.raw.headersSent && !(Number(request.headers['content-length']) > limit)) reply.raw.writeContinue();
        done(null, payload);
      },
    );
  });
}
