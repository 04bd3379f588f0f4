import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { demandBody, freePort, newCatalogBody, withClient } from '@igs/testing';
import { auditRecords, assertOneRecordPerAnsweredCall, dataCall, runLoad, tally } from './fault-load.js';
import { assertProblem, http } from './http.js';
import { startPlatform, type RunningPlatform } from './platform.js';
import { appToken, bearer } from './tokens.js';

const root = join(__dirname, '..', '..', '..', '..');
const app = (name: string) => ({ clientId: `${name}-system`, secret: `demo-secret-${name}-change-me` });

/** The exchange service in a process of its own, so the test can kill it without warning. */
async function startExchange(platform: RunningPlatform, healthPort: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(root, 'apps', 'exchange', 'dist', 'src', 'main.js')], {
    env: { ...process.env, ...platform.nats.envFor('exchange'), DATABASE_URL: platform.db.url, HEALTH_PORT: String(healthPort), LOG_LEVEL: 'error' },
    stdio: 'ignore',
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const ready = await fetch(`http://127.0.0.1:${healthPort}/health/ready`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) return child;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('the exchange service did not become ready');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('no lost audit when the exchange service is killed or stopped under load', () => {
  let platform: RunningPlatform;
  let exchange: ChildProcess | undefined;
  let healthPort: number;
  const catalog = newCatalogBody();

  before(async () => {
    // With the item service: the exchange is ready once it has loaded item's working-day calendar.
    platform = await startPlatform({ gatewayEnv: { NATS_REQUEST_TIMEOUT_MS: '2000' } });
    healthPort = await freePort();
    exchange = await startExchange(platform, healthPort);
    const police = bearer(await appToken(platform.issuer, app('public-security'), 'exchange:read exchange:catalog exchange:approve'));
    const health = bearer(await appToken(platform.issuer, app('health'), 'exchange:read data:call'));
    const base = '/api/v1/exchange';
    assert.equal((await http(platform.url, 'POST', `${base}/catalogs`, catalog, police)).status, 201);
    await http(platform.url, 'POST', `${base}/catalogs/${catalog.code}/publish`, { revision: 0, legalBasis: '《居民身份证法》' }, police);
    await http(
      platform.url,
      'POST',
      `${base}/catalogs/${catalog.code}/resource`,
      JSON.stringify({ id_number: '150102199003071237', full_name: '张三', birth_date: '1990-03-07', household_address: '呼和浩特市示例路1号' }),
      { ...police, 'content-type': 'application/x-ndjson' },
    );
    const demand = await http(
      platform.url,
      'POST',
      `${base}/demands`,
      demandBody(catalog.code, ['full_name', 'birth_date'], { legalBasis: '《个人信息保护法》', expectedDailyVolume: 100000 }),
      health,
    );
    await http(platform.url, 'POST', `${base}/demands/${demand.body.id}/approve`, { fields: ['full_name', 'birth_date'], dailyQuota: 10_000_000 }, police);
  });
  after(async () => {
    exchange?.kill('SIGKILL');
    await platform?.stop();
  });

  it('keeps exactly one audit record for every answered call, and at most the in-flight calls beyond them', { timeout: 120_000 }, async () => {
    const health = bearer(await appToken(platform.issuer, app('health'), 'data:call'));
    const clients = 16;
    const outcomes = new Map<string, number>();
    let running = true;
    let counter = 0;
    const worker = async () => {
      while (running) {
        const id = `kill-${++counter}`;
        const answer = await fetch(`${platform.url}/api/v1/data/${catalog.code}/query`, {
          method: 'POST',
          headers: { ...health, 'content-type': 'application/json', 'x-request-id': id },
          body: JSON.stringify({ keys: { id_number: '150102199003071237' }, fields: ['full_name'], purpose: '负载下核验' }),
        }).then(
          (r) => r.status,
          () => 0,
        );
        outcomes.set(id, answer);
      }
    };
    const load = Promise.all(Array.from({ length: clients }, worker));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    exchange!.kill('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 500));
    exchange = await startExchange(platform, healthPort);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    running = false;
    await load;

    const ok = [...outcomes].filter(([, status]) => status === 200).map(([id]) => id);
    assert.ok(ok.length > 50, `calls were served before and after the kill (${ok.length})`);
    assert.ok(
      [...outcomes.values()].some((status) => status !== 200),
      'some calls failed while the service was down',
    );
    const records = await withClient(platform.db.url, (client) =>
      client.query(
        `SELECT request_id, count(*)::int AS n, min(coalesce(denial_code, outcome)) AS outcome FROM exchange.call_audit WHERE request_id LIKE 'kill-%' GROUP BY request_id`,
      ),
    ).then((r) => new Map(r.rows.map((row) => [row.request_id as string, { n: row.n as number, outcome: row.outcome as string }])));
    for (const id of ok) assert.equal(records.get(id)?.n, 1, `call ${id} was answered 200 and has exactly one audit record`);
    assert.ok(
      [...records.values()].every(({ n }) => n === 1),
      'no call has two records',
    );
    const beyond = [...records]
      .filter(([id]) => outcomes.get(id) !== 200)
      .map(([id, { outcome }]) => `${id} answered ${outcomes.get(id)}, recorded ${outcome}`);
    assert.ok(
      beyond.length <= clients,
      `records of calls not answered 200 (${beyond.length}) are at most the calls in flight at the kill (${clients}): ${beyond.join('; ')}`,
    );
  });

  it('neither runs, records nor counts calls answered 504 while it was stopped, nor makes a demand whose caller gave up', { timeout: 60_000 }, async () => {
    const health = bearer(await appToken(platform.issuer, app('health'), 'exchange:read data:call'));
    const usage = () =>
      withClient(platform.db.url, (client) => client.query('SELECT coalesce(sum(calls), 0)::int AS n FROM exchange.docking_usage')).then(
        (r) => r.rows[0].n as number,
      );
    const demand = {
      catalogCode: catalog.code,
      fields: ['full_name'],
      purpose: '停顿期间提交的需求',
      scenario: '联办',
      legalBasis: '《个人信息保护法》',
      validFrom: '2026-01-01',
      validTo: '2030-12-31',
      expectedDailyVolume: 10,
    };
    const demands = () =>
      withClient(platform.db.url, (client) => client.query('SELECT count(*)::int AS n FROM exchange.demands WHERE purpose = $1', [demand.purpose])).then(
        (r) => r.rows[0].n as number,
      );
    const usedBefore = await usage();
    const load = runLoad(platform.url, 16, (n) => dataCall(catalog.code, health, `stop-${n}`));
    await sleep(1000);
    const stoppedAt = Date.now();
    exchange!.kill('SIGSTOP');
    let resumed = false;
    try {
      await sleep(200);
      assertProblem(await http(platform.url, 'POST', '/api/v1/exchange/demands', demand, health), 504, 'PLATFORM.UPSTREAM_TIMEOUT');
      await sleep(2000);
      exchange!.kill('SIGCONT');
      resumed = true;
    } finally {
      if (!resumed) exchange!.kill('SIGCONT');
    }
    await sleep(1500);
    const answers = await load.stop();
    assert.equal((await http(platform.url, 'POST', '/api/v1/exchange/demands', demand, health)).status, 201, 'the caller tries again');

    const timedOut = answers.filter((a) => a.status === 504);
    const ok = answers.filter((a) => a.status === 200);
    assert.ok(timedOut.length >= 16 && ok.length > 50, `calls were served before and after the stop, and timed out during it: ${tally(answers)}`);
    const records = await auditRecords(platform.db.url, 'stop-');
    assertOneRecordPerAnsweredCall(answers, records);
    // A call whose batch the exchange had sent to PostgreSQL when it was stopped is committed
    // there, though its answer waits with the stopped process: done before its caller gave
    // up, not after (as with the kill above, at most the calls in flight). What must not
    // happen is a call run once the service went on: none may be recorded after the stop.
    const timedOutRecorded = timedOut.filter((a) => records.has(a.id));
    const runLate = timedOutRecorded.filter((a) => records.get(a.id)!.at >= stoppedAt);
    assert.deepEqual(
      runLate.map((a) => `${a.id}: ${records.get(a.id)!.outcome}`),
      [],
      'no call answered 504 was run and recorded when the service went on',
    );
    assert.ok(timedOutRecorded.length <= 16, `calls answered 504 but committed before the stop are at most those in flight (${timedOutRecorded.length})`);
    assert.equal(records.size, ok.length + timedOutRecorded.length, 'the records are those of the calls served, and of those committed as it stopped');
    assert.equal((await usage()) - usedBefore, records.size, 'the quota counts the calls recorded, and no more');
    assert.equal(await demands(), 1, 'the demand is made once: by the retry, not by the request its caller gave up on');
  });
});
