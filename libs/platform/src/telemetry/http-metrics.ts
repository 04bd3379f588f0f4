import type { Attributes } from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createInstrument } from './instruments.js';
import { platformMetrics } from './metric-names.js';

/** The `http.route` of a request no route matched: one constant, never its raw URL. */
export const unmatchedRoute = 'unmatched';

/** The route template a request matched (`/api/v1/data/:catalogCode/query`), never its raw URL. */
export function routeOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? unmatchedRoute;
}

/**
 * `http.server.request.duration` for every answer, by route template, method and status:
 * a scan of random URLs adds no series. One attribute object per route, method and status,
 * made once.
 */
export function installHttpMetrics(fastify: FastifyInstance): void {
  const duration = createInstrument(platformMetrics.httpServerDuration);
  const known = new Map<string, Attributes>();
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = routeOf(request);
    const key = `${request.method} ${reply.statusCode} ${route}`;
    let attributes = known.get(key);
    if (!attributes) {
      attributes = { 'http.request.method': request.method, 'http.route': route, 'http.response.status_code': reply.statusCode };
      known.set(key, attributes);
    }
    duration.record(reply.elapsedTime / 1000, attributes);
    done();
  });
}
