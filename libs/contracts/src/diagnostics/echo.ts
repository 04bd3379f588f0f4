import { z } from 'zod';
import { defineRoute } from '../http/define-route.js';
import { defineRequest } from '../messaging/define.js';
import { requestSubjects } from '../messaging/subjects.js';

/**
 * The benchmarks' diagnostic echo: what the request-reply round trip costs without any logic
 * behind it. No service of the platform answers it: a bare responder does (loadtests/echo-responder.mjs),
 * with the bus access of the `diagnostics` app (bus-access.ts), where a deployment asks for one.
 */
export const EchoBody = z.object({ payload: z.unknown() }).meta({ id: 'Echo' });

export const diagnosticsRequests = {
  echo: defineRequest({ subject: requestSubjects.diagnostics.echo, request: EchoBody, reply: EchoBody }),
};

/** Served only when the gateway is started with DIAGNOSTIC_ROUTES=true: the baseline of the data-call benchmark. */
export const echoRoute = defineRoute({
  method: 'POST',
  path: '/api/v1/diagnostics/echo',
  operationId: 'echo',
  summary: 'Forward to a bare NATS echo responder (benchmarks only)',
  tag: 'diagnostics',
  // The data call's own scope: the baseline is measured with the token the data call is.
  access: { scopes: ['data:call'] },
  successStatus: 200,
  body: EchoBody,
  errorCodes: [],
  forward: diagnosticsRequests.echo,
  toMessage: ({ body }) => body,
});
