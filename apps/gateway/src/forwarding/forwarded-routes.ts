import { toRouterPath, type RouteDefinition } from '@igs/contracts';
import type { AppLogger } from '@igs/platform';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from '../http/problem.filter.js';
import type { RouteForwarder } from './route-forwarder.js';

/**
 * The routes the gateway only forwards (every route of the contracts) as plain Fastify
 * routes: validate, send over NATS, answer with the route's success status (the caller is
 * authenticated from the route's config before its body is read: installAuthentication).
 *
 * They were Nest controller methods, one per route, that did nothing but call the
 * forwarder; Nest's pipeline around them (router context, middleware runner, response
 * controller) cost about a sixth of the gateway's throughput. Their errors, those of body
 * parsing included, are answered as problem+json exactly as ProblemFilter answers the Nest
 * routes' (sendProblem), by a handler of each route's own: Nest sets the instance's.
 */
export function registerForwardedRoutes(fastify: FastifyInstance, forwarder: RouteForwarder, routes: readonly RouteDefinition[], logger: AppLogger): void {
  const errorHandler = (error: unknown, request: FastifyRequest, reply: FastifyReply) => sendProblem(error, request, reply, logger);
  for (const route of routes) {
    fastify.route({
      method: route.method,
      url: toRouterPath(route.path),
      // Read before the body is (authentication, response headers): see route-config.ts.
      config: { access: route.access, noStore: route.noStore },
      errorHandler,
      handler: async (request, reply) => {
        const answer = await forwarder.forward(route, request);
        return reply.code(route.successStatus).send(answer);
      },
    });
  }
}
