type Json = Record<string, unknown>;

/**
 * The headers the gateway's answers carry, described once in `components.headers` and
 * referred to from every response. Names are as the gateway sends them (HTTP header names
 * are case-insensitive).
 */
export const responseHeaders: Record<string, Json> = {
  RequestId: {
    description:
      "The request's id: the caller's own `x-request-id` when it sent a well-formed one, else one the gateway made. Quote it when reporting a problem.",
    schema: { type: 'string' },
  },
  TraceId: {
    description: 'The W3C trace id (32 hex digits) under which the gateway and the services logged and traced this request.',
    schema: { type: 'string', pattern: '^[0-9a-f]{32}$' },
  },
  RetryAfter: {
    description: 'Seconds to wait before trying again (RFC 9110): the rest of the rate window on 429, the time the platform expects to be back on 503.',
    schema: { type: 'integer', minimum: 1 },
  },
  RateLimitPolicy: {
    description:
      'The caller\'s quota (draft-ietf-httpapi-ratelimit-headers), e.g. `"default";q=1000;w=1`: `q` requests per window of `w` seconds, counted per department app, person or address on each gateway replica.',
    schema: { type: 'string' },
  },
  RateLimit: {
    description:
      'What is left of the quota (draft-ietf-httpapi-ratelimit-headers), e.g. `"default";r=999;t=1`: `r` requests left, `t` seconds until the window starts again.',
    schema: { type: 'string' },
  },
};

const ref = (name: string) => ({ $ref: `#/components/headers/${name}` });

/**
 * Adds the headers to every response of an operation: the ids always, the rate limit on
 * every answer of a route with access rules (public routes are counted by address), and
 * Retry-After where the gateway sends it.
 */
export function withResponseHeaders(operation: Json): Json {
  for (const [status, response] of Object.entries(operation.responses as Record<string, Json>)) {
    response.headers = {
      'x-request-id': ref('RequestId'),
      'x-trace-id': ref('TraceId'),
      ...(status === '429' || status === '503' ? { 'Retry-After': ref('RetryAfter') } : {}),
      ...(status === '401' || status === '403' ? {} : { RateLimit: ref('RateLimit'), 'RateLimit-Policy': ref('RateLimitPolicy') }),
    };
  }
  return operation;
}
