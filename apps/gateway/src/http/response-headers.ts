import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { addRouteHook, onRoutes } from './route-config.js';

/**
 * Headers of every answer, set when a request arrives so errors carry them too: no browser
 * guesses a content type other than the one sent (a JSON error read as HTML), and the routes
 * that answer personal data say no cache may keep it.
 */
export function installResponseHeaders(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (_request, reply, done) => {
    void reply.header('x-content-type-options', 'nosniff');
    done();
  });
  onRoutes(fastify, (route) => {
    if (!route.config?.noStore) return;
    addRouteHook(route, 'onRequest', (_request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
      void reply.header('cache-control', 'no-store');
      done();
    });
  });
}
