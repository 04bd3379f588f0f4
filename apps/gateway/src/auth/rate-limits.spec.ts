import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Caller } from '@igs/contracts';
import { AppError, ConfigError } from '@igs/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { loadGatewayConfig } from '../config.js';
import { RateLimits } from './rate-limits.js';

const request = (ip: string) => ({ ip }) as FastifyRequest;
/** A reply that keeps the headers set on it. */
const reply = () => {
  const headers: Record<string, string> = {};
  const fake = { headers, header: (name: string, value: string) => ((headers[name] = value), fake) };
  return fake as unknown as FastifyReply & { headers: Record<string, string> };
};
const app = (appId: string): Caller => ({ subject: `app:${appId}`, type: 'app', appId, scopes: [] });
const person = (subject: string): Caller => ({ subject, type: 'person', scopes: [] });
const anonymous: Caller = { subject: 'anonymous', type: 'anonymous', scopes: [] };

/** How many of `count` requests made at once are let through, and the first refusal. */
async function admitted(limits: RateLimits, count: number, caller: Caller, ip = '10.0.0.1') {
  const outcomes = await Promise.allSettled(Array.from({ length: count }, () => limits.admit(caller, request(ip), reply())));
  const refusals = outcomes.filter((outcome) => outcome.status === 'rejected').map((outcome) => outcome.reason as unknown);
  return { passed: count - refusals.length, refusal: refusals[0] };
}

describe(RateLimits.name, () => {
  const config = loadGatewayConfig({
    RATE_LIMIT_APP_PER_SECOND: '5',
    RATE_LIMIT_APPS: 'tax-system=20, open-data=0',
    RATE_LIMIT_USER_PER_SECOND: '2',
    RATE_LIMIT_ANONYMOUS_PER_SECOND: '3',
  });

  it('lets an app make its rate in a second and refuses the rest with a retry time', async () => {
    const limits = new RateLimits(config);
    const { passed, refusal } = await admitted(limits, 8, app('health-system'));
    assert.equal(passed, 5);
    assert.ok(refusal instanceof AppError);
    assert.equal(refusal.code, 'PLATFORM.RATE_LIMITED');
    assert.deepEqual(refusal.details, { retryAfterSeconds: 1, limitPerSecond: 5 });
  });

  it('counts each app on its own, at its own rate where one is configured, and not at all at 0', async () => {
    const limits = new RateLimits(config);
    assert.equal((await admitted(limits, 8, app('health-system'))).passed, 5);
    assert.equal((await admitted(limits, 8, app('medical-insurance-system'))).passed, 5);
    assert.equal((await admitted(limits, 25, app('tax-system'))).passed, 20);
    assert.equal((await admitted(limits, 500, app('open-data'))).passed, 500);
  });

  it('counts people by subject and anonymous callers by address', async () => {
    const limits = new RateLimits(config);
    assert.equal((await admitted(limits, 4, person('p-1'))).passed, 2);
    assert.equal((await admitted(limits, 4, person('p-2'))).passed, 2);
    assert.equal((await admitted(limits, 5, anonymous, '10.0.0.1')).passed, 3);
    assert.equal((await admitted(limits, 5, anonymous, '10.0.0.2')).passed, 3);
    await assert.rejects(limits.admitAddress(request('10.0.0.1'), reply()), (error: AppError) => error.code === 'PLATFORM.RATE_LIMITED');
  });

  it('says on each answer the rate and what is left of it, and on a refusal that nothing is', async () => {
    const limits = new RateLimits(config);
    const answers: Record<string, string>[] = [];
    for (let n = 0; n < 6; n += 1) {
      const answer = reply();
      const outcome = await limits.admit(app('health-system'), request('10.0.0.1'), answer).then(
        () => 'admitted',
        (error: AppError) => error.code,
      );
      answers.push({ outcome, ...answer.headers });
    }
    assert.deepEqual(
      answers.map((answer) => answer.outcome),
      ['admitted', 'admitted', 'admitted', 'admitted', 'admitted', 'PLATFORM.RATE_LIMITED'],
    );
    assert.ok(answers.every((answer) => answer['ratelimit-policy'] === '"default";q=5;w=1'));
    assert.deepEqual(
      answers.map((answer) => answer.ratelimit),
      [4, 3, 2, 1, 0, 0].map((left) => `"default";r=${left};t=1`),
    );
  });

  it('names the rate of each kind of caller, and no rate for a caller without a limit', async () => {
    const limits = new RateLimits(config);
    const policyOf = async (caller: Caller) => {
      const answer = reply();
      await limits.admit(caller, request('10.0.0.9'), answer);
      return answer.headers['ratelimit-policy'];
    };
    assert.equal(await policyOf(app('tax-system')), '"default";q=20;w=1');
    assert.equal(await policyOf(person('p-9')), '"default";q=2;w=1');
    assert.equal(await policyOf(anonymous), '"default";q=3;w=1');
    assert.equal(await policyOf(app('open-data')), undefined);
  });

  it('lets a caller in again once its second is over', async () => {
    const limits = new RateLimits(config);
    assert.equal((await admitted(limits, 6, app('health-system'))).passed, 5);
    await new Promise((resolve) => setTimeout(resolve, 1_050));
    assert.equal((await admitted(limits, 6, app('health-system'))).passed, 5);
  });
});

describe('rate limit settings', () => {
  it('reads the per-app rates and names a malformed entry', () => {
    assert.deepEqual(
      [...loadGatewayConfig({ RATE_LIMIT_APPS: ' health-system=50 ,tax-system=0' }).RATE_LIMIT_APPS],
      [
        ['health-system', 50],
        ['tax-system', 0],
      ],
    );
    assert.equal(loadGatewayConfig({}).RATE_LIMIT_APPS.size, 0);
    assert.throws(
      () => loadGatewayConfig({ RATE_LIMIT_APPS: 'health-system=50,tax-system' }),
      (error: Error) => error instanceof ConfigError && /RATE_LIMIT_APPS is invalid: "tax-system" is not <client id>=<requests per second>/.test(error.message),
    );
    assert.throws(() => loadGatewayConfig({ RATE_LIMIT_APP_PER_SECOND: '-1' }), /RATE_LIMIT_APP_PER_SECOND is invalid/);
  });
});
