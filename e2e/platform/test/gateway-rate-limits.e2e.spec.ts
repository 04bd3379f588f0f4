import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertProblem, http, type HttpAnswer } from './http.js';
import { startPlatform, type RunningPlatform } from './platform.js';
import { appToken, bearer, demoApps } from './tokens.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('gateway rate limits', () => {
  let platform: RunningPlatform;
  let health: Record<string, string>;
  let tax: Record<string, string>;
  const list = (headers: Record<string, string>) => http(platform.url, 'GET', '/api/v1/items?size=1', undefined, headers);
  const burst = (count: number, headers: Record<string, string>) => Promise.all(Array.from({ length: count }, () => list(headers)));
  const statuses = (answers: HttpAnswer[]) => answers.map((answer) => answer.status).sort();

  before(async () => {
    platform = await startPlatform({
      gatewayEnv: {
        RATE_LIMIT_APP_PER_SECOND: '5',
        RATE_LIMIT_APPS: `${demoApps.tax.clientId}=100`,
        RATE_LIMIT_ANONYMOUS_PER_SECOND: '3',
        API_CONTACT_EMAIL: 'api@example.org',
      },
    });
    health = bearer(await appToken(platform.issuer, demoApps.health, 'items:read'));
    tax = bearer(await appToken(platform.issuer, demoApps.tax, 'items:read'));
  });
  after(() => platform?.stop());

  it('serves an app its rate per second and answers the rest 429 with Retry-After, other apps unaffected', async () => {
    const [healthAnswers, taxAnswers] = await Promise.all([burst(12, health), burst(12, tax)]);
    assert.deepEqual(statuses(healthAnswers), [...Array(5).fill(200), ...Array(7).fill(429)]);
    assert.deepEqual(statuses(taxAnswers), Array(12).fill(200), 'an app with a higher rate of its own');
    const refused = healthAnswers.find((answer) => answer.status === 429)!;
    const problem = assertProblem(refused, 429, 'PLATFORM.RATE_LIMITED');
    assert.match(problem.detail ?? '', /5 requests per second/);
    assert.equal(refused.headers.get('retry-after'), '1');
    assert.equal(refused.headers.get('ratelimit-policy'), '"default";q=5;w=1');
    assert.equal(refused.headers.get('ratelimit'), '"default";r=0;t=1');
    const served = healthAnswers.filter((answer) => answer.status === 200);
    assert.deepEqual(
      served.map((answer) => answer.headers.get('ratelimit')).sort(),
      [0, 1, 2, 3, 4].map((left) => `"default";r=${left};t=1`),
    );
    assert.match(problem.traceId ?? '', /^[0-9a-f]{32}$/);

    await pause(Number(refused.headers.get('retry-after')) * 1000 + 100);
    assert.equal((await list(health)).status, 200, 'served again once the second is over');
  });

  it("says on successive answers the caller's rate and the requests left of it", async () => {
    await pause(1_100);
    // The window starts with the first request, so these few fall in one.
    const answers: HttpAnswer[] = [];
    for (let n = 0; n < 4; n += 1) answers.push(await list(tax));
    assert.deepEqual(
      answers.map((answer) => answer.status),
      [200, 200, 200, 200],
    );
    assert.deepEqual(
      answers.map((answer) => answer.headers.get('ratelimit-policy')),
      Array(4).fill('"default";q=100;w=1'),
    );
    assert.deepEqual(
      answers.map((answer) => answer.headers.get('ratelimit')),
      [99, 98, 97, 96].map((left) => `"default";r=${left};t=1`),
    );
    const anonymous = await http(platform.url, 'GET', '/openapi.json');
    assert.equal(anonymous.headers.get('ratelimit-policy'), null, 'a route without access rules is not counted');
    // The document served says so, and names the contact the deployment set.
    assert.equal(anonymous.body.components.headers.RateLimit.description.includes('r=999;t=1'), true);
    assert.equal(anonymous.body.info.contact.email, 'api@example.org');
  });

  it('bounds the signature checks of made-up tokens by the address, not by the token', async () => {
    await pause(1_100);
    const forged = (n: number) => bearer(`eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.forged-${n}`);
    const answers: HttpAnswer[] = [];
    for (let n = 0; n < 5; n += 1) answers.push(await list(forged(n)));
    assert.deepEqual(
      answers.map((answer) => answer.status),
      [401, 401, 401, 429, 429],
    );
    assertProblem(answers[3], 429, 'PLATFORM.RATE_LIMITED');
    // A token already verified is not counted against its address: the app is still served.
    assert.equal((await list(tax)).status, 200);
  });
});
