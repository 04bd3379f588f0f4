import { toRouterPath, type RouteDefinition } from '@igs/contracts';
import type { FastifyInstance } from 'fastify';
import type { RouteForwarder } from './route-forwarder.js';

/**
 * The routes the gateway only forwards (every route of the contracts) as plain Fastify
 * routes: authenticate, validate, send over NATS, answer with the route's success status.
 *
 * They were Nest controller methods, one per route, that did nothing but call the
 * forwarder; Nest's pipeline around them (router context, middleware runner, response
 * controller) cost about a sixth of the gateway's throughput. Their errors reach Fastify's
 * error handler, which answers them as problem+json exactly as ProblemFilter does for the
 * Nest routes (sendProblem).
 */
export function registerForwardedRoutes(fastify: FastifyInstance, forwarder: RouteForwarder, routes: readonly RouteDefinition[]): void {
  for (const route of routes) {
    fastify.route({
      method: route.method,
      url: toRouterPath(route.path),
      handler: async (request, reply) => {
        const answer = await forwarder.forward(route, request);
        return reply.code(route.successStatus).send(answer);
      },
    });
  }
}
