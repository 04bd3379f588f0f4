import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { httpRoutes, toRouterPath } from '@igs/contracts';
import { NATS_CONNECTION } from '@igs/platform';
import { newItemBody } from '@igs/testing';
import { assertProblem, http, type HttpAnswer } from './http.js';
import { startPlatform, type RunningPlatform } from './platform.js';
import { appToken, bearer, demoApps } from './tokens.js';

describe('HTTP -> gateway -> NATS -> item -> PostgreSQL', () => {
  let platform: RunningPlatform;
  let base: string;
  let adminToken: string;
  /** A call with the platform console's token, which may read and edit every department's items. */
  const api = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer> =>
    http(base, method, path, body, { ...bearer(adminToken), ...headers });

  before(async () => {
    platform = await startPlatform();
    base = platform.url;
    adminToken = await appToken(platform.issuer, demoApps.admin, 'items:read items:write identity:admin');
  });
  after(() => platform?.stop());

  it('runs an item through its life: draft, publish, next version, search, withdraw', async () => {
    const body = newItemBody();
    const created = await api('POST', '/api/v1/items', body);
    assert.equal(created.status, 201);
    assert.deepEqual([created.body.code, created.body.version, created.body.status], [body.code, 1, 'draft']);

    assert.equal((await api('GET', `/api/v1/items/${body.code}`)).status, 404, 'a draft is not served as published');
    assert.equal((await api('GET', `/api/v1/items/${body.code}/versions/1`)).body.status, 'draft');

    const published = await api('POST', `/api/v1/items/${body.code}/publish`, { revision: 0 });
    assert.equal(published.status, 200);
    assert.equal(published.body.status, 'published');

    const read = await api('GET', `/api/v1/items/${body.code}`);
    assert.equal(read.status, 200);
    assert.deepEqual(read.body, published.body);

    const draft2 = await api('PATCH', `/api/v1/items/${body.code}`, { revision: published.body.revision, fee: '12.50' });
    assert.equal(draft2.status, 200);
    assert.deepEqual([draft2.body.version, draft2.body.status, draft2.body.fee], [2, 'draft', '12.50']);
    assert.equal((await api('GET', `/api/v1/items/${body.code}`)).body.version, 1);

    const search = await api('GET', `/api/v1/items?q=${encodeURIComponent(body.name)}&status=published`);
    assert.equal(search.status, 200);
    assert.deepEqual([search.body.total, search.body.items[0].code, search.body.page, search.body.size], [1, body.code, 1, 20]);

    const withdrawn = await api('POST', `/api/v1/items/${body.code}/withdraw`, { reason: '职能调整' });
    assert.equal(withdrawn.status, 200);
    assert.equal(withdrawn.body.status, 'withdrawn');
    assertProblem(await api('GET', `/api/v1/items/${body.code}`), 404, 'ITEM.NOT_FOUND');
  });

  it('lists every bad field of a body, a query and a path at once', async () => {
    const bad = await api('POST', '/api/v1/items', {
      ...newItemBody(),
      code: 'bad code!',
      kind: 'licence',
      fee: 12.5,
      materials: [{ name: '身份证', required: true, form: 'electronic_license' }],
      surprise: true,
    });
    const problem = assertProblem(bad, 400, 'PLATFORM.VALIDATION');
    const fields = problem.errors!.map((e) => `${e.in}:${e.field}`).sort();
    assert.deepEqual(fields, ['body:(root)', 'body:code', 'body:fee', 'body:kind', 'body:materials[0].licenseTypeCode'].sort());
    assert.ok(problem.errors!.find((e) => e.field === '(root)')!.message.includes('surprise'));

    const query = assertProblem(await api('GET', '/api/v1/items?size=1000&level=province&page=0'), 400, 'PLATFORM.VALIDATION');
    assert.deepEqual(query.errors!.map((e) => `${e.in}:${e.field}`).sort(), ['query:level', 'query:page', 'query:size']);

    const path = assertProblem(await api('GET', '/api/v1/items/x/versions/zero'), 400, 'PLATFORM.VALIDATION');
    assert.deepEqual(path.errors!.map((e) => `${e.in}:${e.field}`).sort(), ['path:code', 'path:version']);
  });

  it('answers rule violations from the service as 400 naming the field', async () => {
    const problem = assertProblem(await api('POST', '/api/v1/items', newItemBody({ statutoryDays: 1, promisedDays: 3 })), 400, 'PLATFORM.VALIDATION');
    assert.deepEqual(problem.errors, [{ in: 'body', field: 'promisedDays', message: 'must not exceed statutoryDays (1)' }]);
  });

  it('answers conflicts with 409: duplicate code, publishing twice, a stale edit, publishing a withdrawn item', async () => {
    const body = newItemBody();
    await api('POST', '/api/v1/items', body);
    assertProblem(await api('POST', '/api/v1/items', body), 409, 'ITEM.ALREADY_EXISTS');
    const edited = await api('PATCH', `/api/v1/items/${body.code}`, { revision: 0, promisedDays: 2 });
    assert.equal(edited.body.revision, 1);
    assertProblem(await api('PATCH', `/api/v1/items/${body.code}`, { revision: 0, promisedDays: 3 }), 409, 'ITEM.STALE_REVISION');
    await api('POST', `/api/v1/items/${body.code}/publish`, { revision: 1 });
    assertProblem(await api('POST', `/api/v1/items/${body.code}/publish`, { revision: 2 }), 409, 'ITEM.ALREADY_PUBLISHED');
    const withdrawn = await api('POST', `/api/v1/items/${body.code}/withdraw`, { reason: '职能调整' });
    assertProblem(await api('POST', `/api/v1/items/${body.code}/publish`, { revision: withdrawn.body.revision }), 409, 'ITEM.WITHDRAWN');
  });

  it('answers unknown items and unknown routes with 404 problems', async () => {
    assertProblem(await api('GET', '/api/v1/items/NO-SUCH-ITEM'), 404, 'ITEM.NOT_FOUND');
    assertProblem(await api('GET', '/api/v1/nothing-here'), 404, 'PLATFORM.ROUTE_NOT_FOUND');
    assertProblem(await api('DELETE', '/api/v1/items'), 404, 'PLATFORM.ROUTE_NOT_FOUND');
  });

  it('answers malformed JSON with 400, an oversized body with 413, and a non-JSON body with 415', async () => {
    assertProblem(await api('POST', '/api/v1/items', '{"code": "abc",'), 400, 'PLATFORM.MALFORMED_JSON');
    const huge = JSON.stringify({ ...newItemBody(), legalBasis: 'x'.repeat(2 * 1024 * 1024) });
    assertProblem(await api('POST', '/api/v1/items', huge), 413, 'PLATFORM.PAYLOAD_TOO_LARGE');
    assertProblem(await api('POST', '/api/v1/items', 'code=abc', { 'content-type': 'text/plain' }), 415, 'PLATFORM.UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers a raw non-ASCII URL with a 400 problem rather than closing the connection', async () => {
    const { port } = new URL(base);
    const answer = await new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(Buffer.from('GET /api/v1/items?q=出生 HTTP/1.1\r\nHost: x\r\n\r\n', 'utf8'));
      });
      let data = '';
      socket.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
      socket.on('end', () => {
        const [head, body] = data.split('\r\n\r\n');
        resolve({ status: Number(head.split(' ')[1]), type: /content-type: ([^\r]+)/i.exec(head)?.[1] ?? '', body });
      });
      socket.on('error', reject);
    });
    assert.equal(answer.status, 400);
    assert.equal(answer.type, 'application/problem+json');
    assert.equal(JSON.parse(answer.body).code, 'PLATFORM.BAD_REQUEST');
  });

  it('returns a request id and a trace id on every response, keeping a sane caller-given request id', async () => {
    for (const answer of [
      await api('GET', '/health/live'),
      await api('GET', '/api/v1/items?size=1'),
      await api('GET', '/api/v1/nothing-here'),
      await api('POST', '/api/v1/items', '{bad'),
    ]) {
      assert.match(answer.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
      assert.match(answer.headers.get('x-trace-id') ?? '', /^[0-9a-f]{32}$/);
      assert.notEqual(answer.headers.get('x-trace-id'), '0'.repeat(32));
    }
    const mine = await api('GET', '/health/live', undefined, { 'x-request-id': 'dept-42.call-7' });
    assert.equal(mine.headers.get('x-request-id'), 'dept-42.call-7');
    const forged = await api('GET', '/health/live', undefined, { 'x-request-id': 'a b\tc' });
    assert.notEqual(forged.headers.get('x-request-id'), 'a b\tc');
    const problem = assertProblem(await api('GET', '/api/v1/items/NO-SUCH-ITEM'), 404, 'ITEM.NOT_FOUND');
    assert.match(problem.traceId ?? '', /^[0-9a-f]{32}$/);
  });

  it('replays a create retried with the same Idempotency-Key and checks the key format', async () => {
    const body = newItemBody();
    const key = { 'idempotency-key': `retry-${body.code}` };
    const first = await api('POST', '/api/v1/items', body, key);
    const retry = await api('POST', '/api/v1/items', body, key);
    assert.deepEqual([first.status, retry.status], [201, 201]);
    assert.deepEqual(retry.body, first.body);
    const other = assertProblem(await api('POST', '/api/v1/items', newItemBody(), key), 422, 'PLATFORM.IDEMPOTENCY_KEY_REUSED');
    assert.ok(other.detail);
    const badKey = assertProblem(await api('POST', '/api/v1/items', newItemBody(), { 'idempotency-key': 'short' }), 400, 'PLATFORM.VALIDATION');
    assert.deepEqual(
      badKey.errors!.map((e) => `${e.in}:${e.field}`),
      ['header:Idempotency-Key'],
    );
  });

  it('serves an OpenAPI document describing every route, a /docs page, and the problem types', async () => {
    const document = await api('GET', '/openapi.json');
    assert.equal(document.status, 200);
    assert.equal(document.body.openapi, '3.1.0');
    for (const route of httpRoutes) {
      const operation = document.body.paths[route.path]?.[route.method.toLowerCase()];
      assert.ok(operation, `${route.method} ${route.path} is documented`);
      assert.equal(operation.operationId, route.operationId);
      assert.ok(operation.responses[String(route.successStatus)]);
      const mounted = await api(route.method, toRouterPath(route.path).replace(/:[a-z]+/gi, 'x1'), route.body ? {} : undefined);
      assert.notEqual(mounted.body?.code, 'PLATFORM.ROUTE_NOT_FOUND', `${route.method} ${route.path} is mounted`);
    }
    assert.ok(document.body.components.schemas.Item);
    assert.ok(document.body.components.schemas.Problem);
    const docs = await fetch(`${base}/docs/`);
    assert.equal(docs.status, 200);
    assert.match(await docs.text(), /swagger-ui/i);
    const type = await api('GET', '/problems/ITEM.STALE_REVISION');
    assert.deepEqual(type.body, { code: 'ITEM.STALE_REVISION', status: 409, title: 'Item was changed by someone else' });
  });

  it('is ready while NATS is connected, and not ready once it is not', async () => {
    const other = await startPlatform({ withItem: false });
    try {
      const ready = await http(other.url, 'GET', '/health/ready');
      assert.deepEqual([ready.status, ready.body.checks.nats], [200, 'up']);
      await other.gateway.get<{ nc: { close(): Promise<void> } }>(NATS_CONNECTION).nc.close();
      const unready = await http(other.url, 'GET', '/health/ready');
      assert.deepEqual([unready.status, unready.body.checks.nats], [503, 'down']);
      assert.equal((await http(other.url, 'GET', '/health/live')).status, 200);
    } finally {
      await other.stop();
    }
  });
});
