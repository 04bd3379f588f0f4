import { randomUUID } from 'node:crypto';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, propagation, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';
import { requestIdPattern } from '@igs/contracts';
import { routeOf } from '@igs/platform';
import type { FastifyInstance, FastifyRequest } from 'fastify';

const tracer = trace.getTracer('@igs/gateway/http');
const spans = new WeakMap<FastifyRequest, { span: Span; ctx: Context }>();

export const requestIdHeader = 'x-request-id';
export const traceIdHeader = 'x-trace-id';

/** A caller's own request id is kept when it is sane; otherwise the gateway makes one. */
export function requestIdOf(headers: FastifyRequest['headers']): string {
  const given = headers[requestIdHeader];
  return typeof given === 'string' && requestIdPattern.test(given) ? given : madeRequestId();
}

/**
 * A UUID of the request ids' own form: about one in 130 has 11 digits in a row in its last
 * group, which the form refuses (the services would refuse it), and is drawn again.
 */
function madeRequestId(): string {
  for (;;) {
    const id = randomUUID();
    if (requestIdPattern.test(id)) return id;
  }
}

/**
 * Opens a SERVER span per request (continuing the caller's `traceparent` when it sends one)
 * and returns the request id and trace id on every response, errors included.
 */
export function installRequestTracing(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    const route = routeOf(request);
    const span = tracer.startSpan(`${request.method} ${route}`, { kind: SpanKind.SERVER, attributes: serverSpanAttributes(request, route) }, parent);
    const ctx = trace.setSpan(parent, span);
    spans.set(request, { span, ctx });
    void reply.header(requestIdHeader, request.id).header(traceIdHeader, span.spanContext().traceId);
    context.with(ctx, done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const entry = spans.get(request);
    if (entry) {
      entry.span.setAttribute('http.response.status_code', reply.statusCode);
      if (reply.statusCode >= 500) entry.span.setStatus({ code: SpanStatusCode.ERROR });
      entry.span.end();
    }
    done();
  });
}

/** The HTTP semantic conventions' attributes of a server span known when the request arrives. */
function serverSpanAttributes(request: FastifyRequest, route: string): Attributes {
  const attributes: Attributes = {
    'http.request.method': request.method,
    'http.route': route,
    'url.path': request.url.split('?')[0],
    'url.scheme': request.protocol,
    'server.address': request.hostname,
    'network.protocol.version': request.raw.httpVersion,
  };
  if (request.port) attributes['server.port'] = request.port;
  const userAgent = request.headers['user-agent'];
  if (userAgent) attributes['user_agent.original'] = userAgent;
  return attributes;
}

export function traceIdOf(request: FastifyRequest): string | undefined {
  return spans.get(request)?.span.spanContext().traceId;
}

export function traceContextOf(request: FastifyRequest): Context {
  return spans.get(request)?.ctx ?? context.active();
}
