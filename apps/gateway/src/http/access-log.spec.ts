import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Caller } from '@igs/contracts';
import { startTelemetry, type Telemetry } from '@igs/platform';
import { memoryLogger } from '@igs/testing';
import Fastify from 'fastify';
import { installAccessLog, type AccessLogOptions } from './access-log.js';
import { installRequestTracing, requestIdOf } from './request-tracing.js';

const idNumber = '150102199003071237';
const token = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJwZXJzb24tNDIifQ.c2lnbmF0dXJl';
const person: Caller = { subject: 'person-7f3a9c', type: 'person', scopes: [] };
const app: Caller = { subject: 'app:health-system', type: 'app', appId: 'health-system', departmentCode: 'HEALTH', scopes: [] };

/** A gateway-like server: the data-call route answers 200, or 403 for a key ending in 0. */
async function serverWith(options: AccessLogOptions, caller: Caller | null) {
  const log = memoryLogger('gateway');
  const fastify = Fastify({ requestIdHeader: false, genReqId: (request) => requestIdOf(request.headers) });
  fastify.decorateRequest('igsCaller', null);
  installRequestTracing(fastify);
  installAccessLog(fastify, log.logger, options);
  fastify.addHook('onRequest', (request, _reply, done) => {
    request.igsCaller = caller;
    done();
  });
  fastify.post('/api/v1/data/:catalogCode/query', async (request, reply) =>
    reply.status((request.body as { key: string }).key.endsWith('0') ? 403 : 200).send({}),
  );
  fastify.get('/api/v1/items/:id', async () => ({}));
  await fastify.ready();
  const access = () => log.lines().filter((line) => line.log === 'access');
  return { fastify, access, all: log.lines };
}

const dataCall = (key = idNumber) => ({
  method: 'POST' as const,
  url: `/api/v1/data/PS-POPULATION/query?key=${key}`,
  headers: { authorization: `Bearer ${token}`, 'x-request-id': 'dept-42.call-7' },
  payload: { key },
});

describe(installAccessLog.name, () => {
  let telemetry: Telemetry;
  before(() => (telemetry = startTelemetry({ serviceName: 'access-log-spec' })));
  after(() => telemetry.shutdown());

  it('writes one line per answer with the route template, status, duration, caller kind, request id and trace id', async () => {
    const { fastify, access } = await serverWith({ enabled: true, sample: 1 }, app);
    const answer = await fastify.inject(dataCall());
    assert.equal(answer.statusCode, 200);
    const [line, ...more] = access();
    assert.equal(more.length, 0);
    assert.equal(line.level, 'info');
    assert.equal(line['http.request.method'], 'POST');
    assert.equal(line['http.route'], '/api/v1/data/:catalogCode/query');
    assert.equal(line['http.response.status_code'], 200);
    assert.equal(typeof line.duration_ms, 'number');
    assert.ok((line.duration_ms as number) >= 0);
    assert.equal(line['caller.type'], 'app');
    assert.equal(line['client.id'], 'health-system');
    assert.equal(line.request_id, 'dept-42.call-7');
    assert.match(String(line.trace_id), /^(?!0{32})[0-9a-f]{32}$/);
    assert.equal(line.trace_id, answer.headers['x-trace-id']);
  });

  it('names only the type of a person caller, and never a token, an ID number, a query string or a body', async () => {
    const { fastify, all } = await serverWith({ enabled: true, sample: 1 }, person);
    await fastify.inject(dataCall());
    await fastify.inject({ method: 'GET', url: `/api/v1/items/${idNumber}` });
    await fastify.inject({ method: 'GET', url: `/no/such/${idNumber}` });
    const lines = all();
    assert.equal(lines.length, 3);
    const text = JSON.stringify(lines);
    for (const secret of [idNumber, token, 'person-7f3a9c', 'key=']) assert.ok(!text.includes(secret), `${secret} is not logged`);
    assert.deepEqual(
      lines.map((line) => [line['caller.type'], line['client.id'], line['http.route']]),
      [
        ['person', undefined, '/api/v1/data/:catalogCode/query'],
        ['person', undefined, '/api/v1/items/:id'],
        ['person', undefined, 'unmatched'],
      ],
    );
  });

  it("samples the data-call routes' successful answers only: their errors and other routes are always logged", async () => {
    const { fastify, access } = await serverWith({ enabled: true, sample: 0 }, app);
    await fastify.inject(dataCall());
    await fastify.inject(dataCall('150102199003071230'));
    await fastify.inject({ method: 'GET', url: '/api/v1/items/1' });
    assert.deepEqual(
      access().map((line) => [line['http.route'], line['http.response.status_code']]),
      [
        ['/api/v1/data/:catalogCode/query', 403],
        ['/api/v1/items/:id', 200],
      ],
    );
  });

  it('keeps about the given fraction of them', async () => {
    const { fastify, access } = await serverWith({ enabled: true, sample: 0.25 }, app);
    for (let n = 0; n < 400; n += 1) await fastify.inject(dataCall());
    const kept = access().length;
    assert.ok(kept > 50 && kept < 150, `about 100 of 400 kept: ${kept}`);
  });

  it('writes nothing when turned off', async () => {
    const { fastify, all } = await serverWith({ enabled: false, sample: 1 }, anonymous());
    await fastify.inject(dataCall());
    assert.deepEqual(all(), []);
  });
});

function anonymous(): Caller | null {
  return null;
}
