import { callRoutes, toRouterPath, type Caller } from '@igs/contracts';
import { routeOf, type AppLogger } from '@igs/platform';
import type { FastifyInstance } from 'fastify';
import { traceIdOf } from './request-tracing.js';

export interface AccessLogOptions {
  enabled: boolean;
  /** Fraction of the data-call routes' successful answers logged; errors and other routes always are. */
  sample: number;
}

/** The hot path, where one line per answer would cost more than the answer. */
const sampledRoutes = new Set([callRoutes.query, callRoutes.verify].map((route) => toRouterPath(route.path)));

/**
 * One JSON line per answer at `info`: method, route template (never the raw URL, which may
 * hold a key), status, duration, who called by kind (a department app's client id, else only
 * the subject's type: never a person's id), request id and trace id. No header, no body, no
 * query string: so never a token or a personal value.
 */
export function installAccessLog(fastify: FastifyInstance, logger: AppLogger, options: AccessLogOptions): void {
  const access = logger.child({ log: 'access' });
  // Below `info` (npm start runs at `warn`) a line would be built per answer only for pino to
  // drop it: no hook at all costs the hot path nothing.
  if (!options.enabled || !access.isLevelEnabled('info')) return;
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = routeOf(request);
    const status = reply.statusCode;
    if (status < 400 && options.sample < 1 && sampledRoutes.has(route) && Math.random() >= options.sample) return done();
    access.info(
      {
        'http.request.method': request.method,
        'http.route': route,
        'http.response.status_code': status,
        duration_ms: Math.round(reply.elapsedTime * 1000) / 1000,
        ...callerFields(request.igsCaller),
        request_id: request.id,
        trace_id: traceIdOf(request),
      },
      'request',
    );
    done();
  });
}

function callerFields(caller: Caller | null): { 'caller.type': string; 'client.id'?: string } {
  if (!caller) return { 'caller.type': 'anonymous' };
  return caller.type === 'app' && caller.appId ? { 'caller.type': 'app', 'client.id': caller.appId } : { 'caller.type': caller.type };
}
