import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { residentIdCheckCharacter } from '@igs/crypto';
import { newCatalogBody } from '@igs/testing';
import { assertProblem, http } from './http.js';
import { startPlatform, type RunningPlatform } from './platform.js';
import { bytesReadBy, rawRequest, type RawAnswer } from './raw-http.js';
import { appToken, bearer, demoApps } from './tokens.js';

const MiB = 1024 * 1024;
const importLimit = 64 * MiB;
const connectionCap = 40;

/** A valid resident ID number, different for each index. */
function residentId(index: number): string {
  const birth = new Date(Date.UTC(1970, 0, 1) + Math.floor(index / 900) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `150102${birth}${String((index % 900) + 100)}`;
  return first17 + residentIdCheckCharacter(first17);
}

/** A resource row of about a kilobyte: 2,000 of them are more than a NATS message holds. */
const person = (index: number) => ({
  id_number: residentId(index),
  full_name: '张三',
  birth_date: '1990-03-07',
  household_address: `呼和浩特市新城区示例路${index}号${'附'.repeat(400)}`,
});

function assertRawProblem(answer: RawAnswer, status: number, code: string) {
  assert.equal(answer.status, status, `expected ${status} ${code}, got ${answer.status} ${JSON.stringify(answer.body)}`);
  assert.match(answer.headers['content-type'] ?? '', /^application\/problem\+json/);
  assert.equal(answer.body.code, code);
  assert.equal(answer.headers['x-content-type-options'], 'nosniff');
  return answer.body as { detail: string; errors?: { in: string; field: string; message: string }[] };
}

describe('gateway edges: a body is read only for a known caller, within its limit and its time, and every answer is problem+json', () => {
  let platform: RunningPlatform;
  let police: Record<string, string>;
  let bytesRead: (answer: RawAnswer) => number;
  const catalog = newCatalogBody();
  const importPath = '/api/v1/exchange/catalogs/import';
  const loadPath = `/api/v1/exchange/catalogs/${catalog.code}/resource`;

  before(async () => {
    platform = await startPlatform({
      withItem: false,
      withExchange: true,
      gatewayEnv: {
        HEADERS_TIMEOUT_MS: '1000',
        BODY_TIMEOUT_MS: '1000',
        IMPORT_LIMIT_BYTES: String(importLimit),
        MAX_CONNECTIONS_PER_ADDRESS: String(connectionCap),
      },
    });
    bytesRead = bytesReadBy(platform.gateway.getHttpServer());
    police = bearer(await appToken(platform.issuer, demoApps.publicSecurity, 'exchange:read exchange:catalog'));
    assert.equal((await http(platform.url, 'POST', '/api/v1/exchange/catalogs', catalog, police)).status, 201);
    assert.equal(
      (await http(platform.url, 'POST', `/api/v1/exchange/catalogs/${catalog.code}/publish`, { revision: 0, legalBasis: '《居民身份证法》' }, police)).status,
      200,
    );
  });
  after(() => platform?.stop());

  it('refuses a 40 MB body of an unknown caller with 401 before reading it, and closes the connection', async () => {
    const cases: { path: string; type: string; headers: Record<string, string> }[] = [
      { path: '/api/v1/exchange/catalogs', type: 'application/json', headers: {} },
      { path: importPath, type: 'application/x-ndjson', headers: {} },
      { path: loadPath, type: 'text/csv', headers: { authorization: 'Bearer made.up.token' } },
    ];
    for (const { path, type, headers } of cases) {
      const answer = await rawRequest(platform.url, { method: 'POST', path, headers: { 'content-type': type, ...headers }, body: { filler: 40e6 } });
      assertRawProblem(answer, 401, 'AUTH.UNAUTHENTICATED');
      assert.ok(answer.closed, `${path}: the connection is closed rather than the body read`);
      assert.ok(bytesRead(answer) < MiB, `${path}: the gateway read ${bytesRead(answer)} bytes`);
      assert.ok(answer.sent < 40e6, `${path}: the answer came while the client was still sending`);
    }
    // A public JSON route does not take a file: refused as it is announced, not after reading it.
    const file = await rawRequest(platform.url, {
      method: 'POST',
      path: '/api/v1/identity/persons',
      headers: { 'content-type': 'application/x-ndjson' },
      body: { filler: 40e6 },
    });
    assertRawProblem(file, 415, 'PLATFORM.UNSUPPORTED_MEDIA_TYPE');
    assert.ok(bytesRead(file) < MiB, `the gateway read ${bytesRead(file)} bytes`);
  });

  it('tells a client that asks first (Expect: 100-continue) to send its body only once its caller is let in', async () => {
    const body = JSON.stringify(newCatalogBody());
    const ask = (headers: Record<string, string>) =>
      new Promise<{ status: number; continued: boolean }>((resolve, reject) => {
        const request = httpRequest(`${platform.url}${importPath}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-ndjson', expect: '100-continue', 'content-length': Buffer.byteLength(body), ...headers },
        });
        let continued = false;
        request.on('continue', () => {
          continued = true;
          request.end(body);
        });
        request.on('response', (response) => {
          response.resume();
          response.on('end', () => resolve({ status: response.statusCode ?? 0, continued }));
        });
        request.on('error', reject);
        request.flushHeaders();
      });
    assert.deepEqual(await ask({}), { status: 401, continued: false }, 'an unknown caller is refused before it sends the body');
    assert.deepEqual(await ask(police), { status: 200, continued: true });
  });

  it('answers 413 to a body over the limit, on an ordinary route and on an upload, announced or not', async () => {
    const announced = await rawRequest(platform.url, {
      method: 'POST',
      path: '/api/v1/identity/persons',
      headers: { 'content-type': 'application/json' },
      body: { filler: 2 * MiB },
    });
    assertRawProblem(announced, 413, 'PLATFORM.PAYLOAD_TOO_LARGE');
    assert.ok(bytesRead(announced) < MiB);
    const chunked = await rawRequest(platform.url, {
      method: 'POST',
      path: '/api/v1/exchange/catalogs',
      headers: { ...police, 'content-type': 'application/json' },
      body: { filler: 2 * MiB },
      chunked: true,
    });
    assertRawProblem(chunked, 413, 'PLATFORM.PAYLOAD_TOO_LARGE');
    assert.ok(chunked.closed);

    const tooLargeFile = await rawRequest(platform.url, {
      method: 'POST',
      path: importPath,
      headers: { ...police, 'content-type': 'application/x-ndjson' },
      body: { filler: importLimit + MiB },
    });
    assertRawProblem(tooLargeFile, 413, 'PLATFORM.PAYLOAD_TOO_LARGE');
    assert.ok(bytesRead(tooLargeFile) < MiB, 'a file announced over the limit is not read');
    // Blank lines: nothing to import, so only the limit stops the upload.
    const blankLines = Buffer.from(`${' '.repeat(1023)}\n`.repeat(64));
    const unannounced = await rawRequest(platform.url, {
      method: 'POST',
      path: importPath,
      headers: { ...police, 'content-type': 'application/x-ndjson' },
      body: { filler: importLimit + 4 * MiB, pattern: blankLines },
      chunked: true,
    });
    const problem = assertRawProblem(unannounced, 413, 'PLATFORM.PAYLOAD_TOO_LARGE');
    assert.match(problem.detail, new RegExp(`larger than ${importLimit} bytes`));
    assert.ok(unannounced.closed);
  });

  it('loads and imports files within the limit, read as they arrive and sent in batches that fit a NATS message', async () => {
    const rows = Array.from({ length: 3000 }, (_, index) => JSON.stringify(person(index))).join('\n');
    assert.ok(Buffer.byteLength(rows) > 3 * MiB);
    const loaded = await http(platform.url, 'POST', loadPath, rows, { ...police, 'content-type': 'application/x-ndjson' });
    assert.equal(loaded.status, 200, JSON.stringify(loaded.body));
    assert.deepEqual([loaded.body.total, loaded.body.accepted, loaded.body.rejected], [3000, 3000, []]);

    const csv = [
      'id_number,full_name,birth_date,household_address',
      ...Array.from({ length: 1500 }, (_, index) => Object.values(person(5000 + index)).join(',')),
    ].join('\r\n');
    const csvLoaded = await http(platform.url, 'POST', loadPath, csv, { ...police, 'content-type': 'text/csv' });
    assert.deepEqual([csvLoaded.status, csvLoaded.body.accepted, csvLoaded.body.rejected], [200, 1500, []]);

    const catalogs = Array.from({ length: 450 }, () => JSON.stringify(newCatalogBody())).join('\n');
    const imported = await http(platform.url, 'POST', importPath, catalogs, { ...police, 'content-type': 'application/x-ndjson' });
    assert.deepEqual([imported.status, imported.body.total, imported.body.accepted], [200, 450, 450]);
  });

  it('refuses a line too long for a message with 413 naming it, and no messaging internals in the answer', async () => {
    const long = { ...person(9001), household_address: '长'.repeat(700_000) };
    const file = [person(9002), person(9003), long, person(9004)].map((row) => JSON.stringify(row)).join('\n');
    const answer = await rawRequest(platform.url, {
      method: 'POST',
      path: loadPath,
      headers: { ...police, 'content-type': 'application/x-ndjson' },
      body: file,
    });
    const problem = assertRawProblem(answer, 413, 'PLATFORM.PAYLOAD_TOO_LARGE');
    assert.deepEqual(
      problem.errors?.map((error) => error.field),
      ['line 3'],
    );
    assert.match(problem.detail, /^line 3 is longer than \d+ bytes.*; of the rows before it, 2 were stored$/);
    assert.doesNotMatch(JSON.stringify(answer.body), /nats|max_payload|subject|v1\./i);

    const csv = `id_number,full_name,birth_date,household_address\n${residentId(9005)},李四,1990-01-01,${'长'.repeat(700_000)}\n`;
    const csvProblem = assertRawProblem(
      await rawRequest(platform.url, { method: 'POST', path: loadPath, headers: { ...police, 'content-type': 'text/csv' }, body: csv }),
      413,
      'PLATFORM.PAYLOAD_TOO_LARGE',
    );
    assert.deepEqual(
      csvProblem.errors?.map((error) => error.field),
      ['line 2'],
    );

    const catalog = JSON.stringify(newCatalogBody({ description: '长'.repeat(700_000) }));
    const importProblem = assertRawProblem(
      await rawRequest(platform.url, { method: 'POST', path: importPath, headers: { ...police, 'content-type': 'application/x-ndjson' }, body: catalog }),
      413,
      'PLATFORM.PAYLOAD_TOO_LARGE',
    );
    assert.deepEqual(
      importProblem.errors?.map((error) => error.field),
      ['line 1'],
    );
  });

  it('closes with 408 a body or headers that do not arrive in time', async () => {
    const slowJson = await rawRequest(platform.url, {
      method: 'POST',
      path: '/api/v1/exchange/catalogs',
      headers: { ...police, 'content-type': 'application/json', 'content-length': 1000 },
      body: '{"',
    });
    assertRawProblem(slowJson, 408, 'PLATFORM.REQUEST_TIMEOUT');
    assert.ok(slowJson.closed);
    assert.ok(slowJson.ms >= 900 && slowJson.ms < 4000, `answered after ${slowJson.ms} ms`);

    const slowUpload = await rawRequest(platform.url, {
      method: 'POST',
      path: importPath,
      headers: { ...police, 'content-type': 'application/x-ndjson', 'content-length': 60_000_000 },
      body: '{"',
    });
    assertRawProblem(slowUpload, 408, 'PLATFORM.REQUEST_TIMEOUT');
    assert.ok(slowUpload.closed);
    assert.ok(slowUpload.ms >= 900 && slowUpload.ms < 4000, `answered after ${slowUpload.ms} ms`);

    const slowHeaders = await rawRequest(platform.url, { method: 'GET', path: '/', partialHead: 'GET /health/live HTTP/1.1\r\nhost: gateway\r\n' });
    assertRawProblem(slowHeaders, 408, 'PLATFORM.REQUEST_TIMEOUT');
    assert.ok(slowHeaders.closed);
    assert.ok(slowHeaders.ms < 4000, `answered after ${slowHeaders.ms} ms`);
  });

  it('answers a path that is not valid percent-encoding, or has an over-long parameter, with problem+json', async () => {
    for (const path of ['/api/v1/items/%E0%A4%A', '/api/v1/exchange/catalogs/%zz/resource', `/api/v1/items/${'A'.repeat(201)}`]) {
      const answer = await http(platform.url, 'GET', path);
      assertProblem(answer, 400, 'PLATFORM.BAD_REQUEST');
      assert.equal(answer.headers.get('x-content-type-options'), 'nosniff', path);
    }
  });

  it('marks every answer nosniff, and the answers of the data calls no-store', async () => {
    for (const path of ['/health/live', '/health/ready', '/openapi.json', '/docs', '/problems', '/api/v1/no-such-route', '/api/v1/exchange/catalogs']) {
      const answer = await fetch(`${platform.url}${path}`, { redirect: 'manual' });
      await answer.arrayBuffer();
      assert.equal(answer.headers.get('x-content-type-options'), 'nosniff', `${path} (${answer.status})`);
    }
    const call = await http(
      platform.url,
      'POST',
      `/api/v1/data/${catalog.code}/query`,
      { keys: { id_number: residentId(1) }, fields: ['full_name'], purpose: '核验' },
      police,
    );
    assertProblem(call, 403, 'AUTH.FORBIDDEN');
    assert.equal(call.headers.get('cache-control'), 'no-store', 'a data call is no-store, refused ones too');
    const list = await http(platform.url, 'GET', '/api/v1/exchange/catalogs', undefined, police);
    assert.equal(list.status, 200);
    assert.equal(list.headers.get('cache-control'), null, 'routes without personal data leave caching to the client');
  });

  it(`answers 429 and closes the connections of one address beyond ${connectionCap}`, async () => {
    const { port } = new URL(platform.url);
    const sockets: Socket[] = [];
    try {
      for (let i = 0; i < connectionCap + 5; i += 1) {
        const socket = connect(Number(port), '127.0.0.1');
        await new Promise((resolve) => socket.once('connect', resolve));
        sockets.push(socket);
      }
      const answers = await Promise.all(
        sockets.map(
          (socket) =>
            new Promise<{ text: string; closed: boolean }>((resolve) => {
              let text = '';
              socket.on('data', (data) => (text += data.toString()));
              socket.once('close', () => resolve({ text, closed: true }));
              socket.write('GET /health/live HTTP/1.1\r\nhost: gateway\r\n\r\n');
              setTimeout(() => resolve({ text, closed: socket.destroyed }), 1000);
            }),
        ),
      );
      const refused = answers.filter((answer) => answer.text.startsWith('HTTP/1.1 429'));
      const served = answers.filter((answer) => answer.text.startsWith('HTTP/1.1 200'));
      assert.ok(refused.length >= 5, `${refused.length} refused`);
      assert.equal(served.length + refused.length, answers.length);
      assert.ok(served.length <= connectionCap);
      for (const answer of refused) {
        assert.match(answer.text, /content-type: application\/problem\+json/i);
        assert.match(answer.text, /"code":"PLATFORM.RATE_LIMITED"/);
        assert.ok(answer.closed, 'a refused connection is closed');
      }
    } finally {
      for (const socket of sockets) socket.destroy();
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal((await fetch(`${platform.url}/health/live`)).status, 200, 'once they are closed, the address may connect again');
  });
});
