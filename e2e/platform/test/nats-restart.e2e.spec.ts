import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { HealthRegistry } from '@igs/platform';
import type { TestNatsServer } from '@igs/testing';
import { assertOneRecordPerAnsweredCall, auditRecords, dataCall, runLoad, sharedCatalog, tally } from './fault-load.js';
import { assertProblem, http, type HttpAnswer } from './http.js';
import { startPlatform, type RunningPlatform } from './platform.js';
import { appToken, bearer, demoApps } from './tokens.js';

/** Retries while the platform is still reconnecting (503), and returns the first other answer. */
async function untilServed(send: () => Promise<HttpAnswer>, timeoutMs = 5000): Promise<HttpAnswer> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await send();
    if (answer.status !== 503 || Date.now() > deadline) return answer;
    await sleep(20);
  }
}

/** Waits until `check` passes, at most `ms` after it was first tried; returns how long it took. */
async function within(ms: number, what: string, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) assert.fail(`${what} took more than ${ms} ms`);
    await sleep(20);
  }
  return Date.now() - started;
}

describe('a nats-server killed and restarted under load', () => {
  let nats: TestNatsServer;
  let platform: RunningPlatform;
  let shared: Awaited<ReturnType<typeof sharedCatalog>>;
  let admin: Record<string, string>;

  before(async () => {
    // The run's own closed bus: its server may be killed and started again.
    platform = await startPlatform({ withItem: false, withExchange: true, gatewayEnv: { NATS_REQUEST_TIMEOUT_MS: '1000' } });
    nats = platform.nats.server;
    shared = await sharedCatalog(platform, ['health', 'tax']);
    admin = bearer(await appToken(platform.issuer, demoApps.admin, 'identity:admin'));
  });
  after(async () => {
    await platform?.stop();
  });

  it('answers 503 at once while NATS is down, and suspensions and app disables hold within a second of it being back', { timeout: 60_000 }, async () => {
    const { catalog, tokens, docking } = shared;
    const call = (who: 'health' | 'tax') =>
      http(
        platform.url,
        'POST',
        `/api/v1/data/${catalog.code}/query`,
        { keys: { id_number: '150102199003071237' }, fields: ['full_name'], purpose: '故障下核验' },
        tokens[who],
      );
    const load = runLoad(platform.url, 4, (n) =>
      n % 2 ? dataCall(catalog.code, tokens.health, `nats-health-${n}`) : dataCall(catalog.code, tokens.tax, `nats-tax-${n}`),
    );
    await sleep(1000);
    const killedAt = Date.now();
    await nats.kill();
    await sleep(500);
    // A public route, past the gateway's token checks: the bus itself answers at once.
    const asked = Date.now();
    const registering = await http(platform.url, 'POST', '/api/v1/identity/persons', {
      idNumber: '150102199003071237',
      name: '张三',
      mobile: '13800000000',
      code: '123456',
      password: 'a-long-password-1',
    });
    assertProblem(registering, 503, 'PLATFORM.SERVICE_UNAVAILABLE');
    assert.equal(registering.headers.get('retry-after'), '1');
    assert.ok(Date.now() - asked < 300, `answered at once, not after the timeout (${Date.now() - asked} ms)`);
    // Copies that cannot know whether they are current say so, and refuse rather than answer from them.
    const gatewayReady = await http(platform.url, 'GET', '/health/ready');
    assert.deepEqual([gatewayReady.status, gatewayReady.body.checks['identity-events']], [503, 'down']);
    assert.equal((await platform.exchange!.get(HealthRegistry).report()).checks['authorization-copy'], 'down');
    await sleep(2000);
    const backAt = Date.now();
    await nats.start();
    await within(
      2000,
      'readiness after the restart',
      async () => (await fetch(`${platform.url}/health/ready`)).status === 200 && (await platform.exchange!.get(HealthRegistry).report()).ready,
    );

    // Suspend and resume the health department's entry, disable and enable the tax app, again
    // and again: nats.js's own consumer went silent a few seconds after the restart.
    const refusals: { who: 'health' | 'tax'; from: number; to: number }[] = [];
    let cycles = 0;
    while (Date.now() < backAt + 10_000) {
      const change = (path: string) =>
        untilServed(() =>
          http(platform.url, 'POST', path, path.includes('docking') ? { reason: '安全检查' } : undefined, path.includes('docking') ? tokens.police : admin),
        );
      assert.equal((await change(`/api/v1/exchange/docking/${docking.health}/suspend`)).status, 200);
      const suspendedAt = Date.now();
      await within(1000, 'a suspension', async () => (await call('health')).status === 403);
      const resuming = Date.now();
      assert.equal((await change(`/api/v1/exchange/docking/${docking.health}/resume`)).status, 200);
      refusals.push({ who: 'health', from: suspendedAt + 1000, to: resuming });
      await within(1000, 'a resumption', async () => (await call('health')).status === 200);

      assert.equal((await change('/api/v1/identity/apps/tax-system/disable')).status, 200);
      const disabledAt = Date.now();
      await within(1000, 'an app disable', async () => (await call('tax')).status === 401);
      const enabling = Date.now();
      assert.equal((await change('/api/v1/identity/apps/tax-system/enable')).status, 200);
      refusals.push({ who: 'tax', from: disabledAt + 1000, to: enabling });
      // Disabling revoked the tokens the app had, for good: enabled, it signs in again.
      tokens.tax = bearer(
        await appToken(
          platform.issuer,
          { clientId: 'tax-system', secret: 'demo-secret-tax-change-me' },
          'exchange:read exchange:catalog exchange:approve data:call',
        ),
      );
      await within(1000, 'an app enable', async () => (await call('tax')).status === 200);
      cycles += 1;
    }
    const answers = await load.stop();

    assert.ok(cycles >= 3, `changes were tried again and again after the restart (${cycles} rounds)`);
    assert.equal(answers.filter((a) => a.status === 500 || a.status === 0).length, 0, `never a 500: ${tally(answers)}`);
    const whileDown = answers.filter((a) => a.sentAt > killedAt + 200 && a.sentAt + a.ms < backAt);
    assert.ok(whileDown.length > 20, `calls were made while NATS was down (${whileDown.length}; ${tally(answers)})`);
    for (const answer of whileDown) {
      assert.deepEqual([answer.status, answer.code], [503, 'PLATFORM.SERVICE_UNAVAILABLE'], `${answer.id} sent while NATS was down`);
      assert.ok(answer.retryAfter, `${answer.id} says when to try again`);
      assert.ok(answer.ms < 500, `${answer.id} was answered at once, not after the timeout (${answer.ms} ms)`);
    }
    for (const { who, from, to } of refusals) {
      const served = answers.filter((a) => a.id.startsWith(`nats-${who}-`) && a.sentAt >= from && a.sentAt <= to && a.status === 200);
      assert.deepEqual(
        served.map((a) => a.id),
        [],
        `no ${who} call was served more than a second after its ${who === 'health' ? 'suspension' : 'app disable'}`,
      );
    }
    assert.ok(
      answers.some((a) => a.status === 200 && a.sentAt > backAt),
      'calls were served after NATS was back',
    );
    assertOneRecordPerAnsweredCall(answers, await auditRecords(platform.db.url, 'nats-'));
  });
});
