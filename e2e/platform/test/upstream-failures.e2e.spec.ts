import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { prefixed, requestSubjects } from '@igs/contracts';
import type { NatsConnection } from '@nats-io/transport-node';
import { assertProblem, http } from './http.js';
import { startPlatform, type RunningPlatform } from './platform.js';
import { appToken, bearer, demoApps } from './tokens.js';

describe('gateway when the service behind it is missing or slow', () => {
  let platform: RunningPlatform;
  let nc: NatsConnection;
  let auth: Record<string, string>;

  before(async () => {
    platform = await startPlatform({ withItem: false, gatewayEnv: { NATS_REQUEST_TIMEOUT_MS: '300' } });
    nc = await platform.nats.connect();
    auth = bearer(await appToken(platform.issuer, demoApps.health, 'items:read'));
  });
  after(async () => {
    await nc?.drain();
    await platform?.stop();
  });

  it('answers 503 with the trace id and Retry-After when no service is subscribed', async () => {
    const answer = await http(platform.url, 'GET', '/api/v1/items/150000-HEALTH-0001', undefined, auth);
    const problem = assertProblem(answer, 503, 'PLATFORM.SERVICE_UNAVAILABLE');
    assert.equal(answer.headers.get('retry-after'), '1', 'a 503 says when to try again');
    assert.match(problem.traceId ?? '', /^[0-9a-f]{32}$/);
    assert.doesNotMatch(JSON.stringify(problem), /item\.v1|messaging|nats/i, 'no messaging internals in the answer');
    assert.equal(problem.traceId, answer.headers.get('x-trace-id'));
    const logged = platform.logs.gateway.lines().find((line) => line.code === 'PLATFORM.SERVICE_UNAVAILABLE');
    assert.equal(logged?.trace_id, problem.traceId, 'the log line of the failure carries the same trace id');
  });

  it('answers 504 with the trace id when the service does not answer in time', async () => {
    // A real responder on the real NATS server that takes longer than the gateway waits.
    const slow = nc.subscribe(prefixed(platform.prefix, requestSubjects.item.get), {
      callback: (_error, msg) => {
        setTimeout(() => msg.respond(new TextEncoder().encode('{"ok":false}')), 1500);
      },
    });
    await nc.flush();
    try {
      const started = Date.now();
      const answer = await http(platform.url, 'GET', '/api/v1/items/150000-HEALTH-0001', undefined, auth);
      const problem = assertProblem(answer, 504, 'PLATFORM.UPSTREAM_TIMEOUT');
      assert.match(problem.traceId ?? '', /^[0-9a-f]{32}$/);
      assert.doesNotMatch(JSON.stringify(problem), /item\.v1|messaging|nats/i, 'no messaging internals in the answer');
      assert.ok(Date.now() - started < 1400, 'the gateway gave up at its own timeout');
    } finally {
      slow.unsubscribe();
    }
  });

  it('answers 500 without internals when a responder sends something that breaks its contract', async () => {
    const broken = nc.subscribe(prefixed(platform.prefix, requestSubjects.item.get), {
      callback: (_error, msg) => {
        msg.respond(new TextEncoder().encode(JSON.stringify({ ok: true, data: { code: 42 } })));
      },
    });
    await nc.flush();
    try {
      const problem = assertProblem(await http(platform.url, 'GET', '/api/v1/items/150000-HEALTH-0001', undefined, auth), 500, 'PLATFORM.INTERNAL');
      assert.doesNotMatch(JSON.stringify(problem), /stack|at Object/);
    } finally {
      broken.unsubscribe();
    }
  });
});
