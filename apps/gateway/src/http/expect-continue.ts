import type { Server } from 'node:http';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { addRouteHook, onRoutes } from './route-config.js';

/**
 * A client that asks before sending its body (`Expect: 100-continue`, as curl does for large
 * ones) is told to go on only once the route has let its caller in; one refused never sends
 * the body at all. Node would otherwise answer 100 Continue as soon as the headers arrive.
 */
export function continueOnceAdmitted(fastify: FastifyInstance, server: Server): void {
  server.on('checkContinue', (request, response) => server.emit('request', request, response));
  onRoutes(fastify, (route, takesBody) => {
    if (!takesBody) return;
    addRouteHook(route, 'preParsing', (request: FastifyRequest, reply: FastifyReply, payload: Readable, done: (error: Error | null, body?: Readable) => void) => {
      if (request.headers.expect?.toLowerCase() === '100-continue' && !reply.raw.headersSent) reply.raw.writeContinue();
      done(null, payload);
    });
  });
}
