import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { newItemBody, startPostgresServer, type TestPostgresServer } from '@igs/testing';
import { assertOneRecordPerAnsweredCall, auditRecords, dataCall, runLoad, sharedCatalog, tally, type Answered } from './fault-load.js';
import { http } from './http.js';
import { startPlatform, type RunningPlatform } from './platform.js';
import { appToken, bearer, demoApps } from './tokens.js';

describe('a PostgreSQL crash under load', () => {
  let postgres: TestPostgresServer;
  let platform: RunningPlatform;

  before(async () => {
    postgres = await startPostgresServer();
    platform = await startPlatform({ withExchange: true, databaseAdminUrl: postgres.adminUrl, gatewayEnv: { NATS_REQUEST_TIMEOUT_MS: '2000' } });
  });
  after(async () => {
    await platform?.stop();
    await postgres?.stop();
  });

  it('answers 503 with Retry-After on every route while the database is down, never 500, and serves again once it is back', { timeout: 60_000 }, async () => {
    const { catalog, tokens, docking } = await sharedCatalog(platform, ['health', 'tax']);
    const items = bearer(await appToken(platform.issuer, demoApps.admin, 'items:read items:write'));
    const item = newItemBody();
    assert.equal((await http(platform.url, 'POST', '/api/v1/items', item, items)).status, 201);
    const basic = `Basic ${Buffer.from(`${demoApps.tax.clientId}:${demoApps.tax.secret}`).toString('base64')}`;
    let suspended = false;

    const loads = [
      runLoad(platform.url, 4, (n) => dataCall(catalog.code, tokens.health, `pg-${n}`)),
      runLoad(platform.url, 1, (n) => ({
        label: 'item read',
        id: `pg-item-read-${n}`,
        method: 'GET',
        path: `/api/v1/items/${item.code}/versions/1`,
        headers: items,
      })),
      runLoad(platform.url, 1, (n) => ({
        label: 'item write',
        id: `pg-item-write-${n}`,
        path: '/api/v1/items',
        headers: items,
        body: JSON.stringify(newItemBody()),
      })),
      runLoad(platform.url, 1, (n) => {
        // Alternately suspends and resumes another department's entry; a 409 says it already was.
        suspended = !suspended;
        return {
          label: 'docking change',
          id: `pg-docking-${n}`,
          path: `/api/v1/exchange/docking/${docking.tax}/${suspended ? 'suspend' : 'resume'}`,
          headers: tokens.police,
          body: JSON.stringify({ reason: '例行检查' }),
        };
      }),
      runLoad(platform.issuer, 1, (n) => ({
        label: 'token',
        id: `pg-token-${n}`,
        path: '/token',
        headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'items:read' }).toString(),
      })),
    ];
    await sleep(1500);
    const killedAt = Date.now();
    await postgres.kill();
    await sleep(2500);
    const restartedAt = Date.now();
    await postgres.start();
    const labels = ['data call', 'item read', 'item write', 'docking change', 'token'];
    const servedAgain = () =>
      labels.every((label) =>
        loads.some((load) => load.answers.some((a) => a.label === label && a.sentAt > restartedAt && (a.status === 200 || a.status === 201))),
      );
    for (const deadline = Date.now() + 15_000; !servedAgain() && Date.now() < deadline;) await sleep(100);
    await sleep(500);
    const answers: Answered[] = (await Promise.all(loads.map((load) => load.stop()))).flat();

    assert.deepEqual(
      answers.filter((a) => a.status >= 500 && a.status !== 503).map((a) => `${a.id} ${a.status} ${a.code}`),
      [],
      `never a 500 or a timeout: ${tally(answers)}`,
    );
    assert.equal(answers.filter((a) => a.status === 0).length, 0, 'every request was answered');
    const whileDown = answers.filter((a) => a.sentAt > killedAt + 100 && a.sentAt + a.ms < restartedAt);
    for (const label of labels) {
      const down = whileDown.filter((a) => a.label === label);
      assert.ok(down.length > 0, `${label}s were made while the database was down: ${tally(answers)}`);
      for (const answer of down) {
        assert.equal(answer.status, 503, `${answer.id} (${label}) while the database was down: ${answer.status} ${answer.code}`);
        assert.ok(answer.retryAfter, `${answer.id} (${label}) says when to try again`);
      }
    }
    for (const code of ['item read', 'item write', 'docking change']) {
      assert.ok(
        whileDown.filter((a) => a.label === code).every((a) => a.code === 'PLATFORM.DATABASE_UNAVAILABLE'),
        `${code}: the problem names the database`,
      );
    }
    assert.ok(servedAgain(), `every route served again once the database was back: ${tally(answers.filter((a) => a.sentAt > restartedAt))}`);
    assertOneRecordPerAnsweredCall(answers, await auditRecords(platform.db.url, 'pg-'));

    // Hundreds of failed requests: each kind of failure is logged once per interval with a count, not once per request.
    const failed = answers.filter((a) => a.status === 503).length;
    const logged = Object.values(platform.logs)
      .flatMap((log) => log.lines())
      .filter((line) => Date.parse(String(line.time)) >= killedAt && ['warn', 'error'].includes(String(line.level)));
    assert.ok(
      failed > 200 && logged.length < 30,
      `${failed} failures took ${logged.length} log lines: ${[...new Set(logged.map((line) => line.msg))].join('; ')}`,
    );
  });
});
