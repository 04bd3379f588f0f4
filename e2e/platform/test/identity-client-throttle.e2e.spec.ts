import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startPlatform, type RunningPlatform } from './platform.js';
import { demoApps } from './tokens.js';

/** A client-credentials request with a secret in the Basic header, from a given address (behind a trusted proxy). */
async function tokenWith(issuer: string, clientId: string, secret: string, address: string) {
  const response = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
      'x-forwarded-for': address,
    },
    body: 'grant_type=client_credentials&scope=items:read',
  });
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: (await response.json()) as { error?: string; access_token?: string },
  };
}

describe('client secrets at the token endpoint are throttled and locked, per client and per address', () => {
  let platform: RunningPlatform;

  before(async () => {
    platform = await startPlatform({
      withItem: false,
      identityEnv: { TRUST_PROXY: 'true', LOGIN_SLOW_AFTER: '2', LOGIN_LOCK_AFTER: '5', LOGIN_SOURCE_LOCK_AFTER: '12', LOGIN_DELAY_MS: '200' },
    });
  });
  after(() => platform?.stop());

  it('slows wrong secrets of one client down, then locks the client: its right secret is refused from anywhere, another client is not', async () => {
    const timings: number[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const started = Date.now();
      const answer = await tokenWith(platform.issuer, demoApps.tax.clientId, `guess-${attempt}`, '198.51.100.1');
      timings.push(Date.now() - started);
      assert.deepEqual([answer.status, answer.body.error], [401, 'invalid_client']);
    }
    // The fifth waits 800 ms (200 doubled twice) before the secret is compared; the first two
    // are not delayed, and the faster of them is the answer's own time on a busy machine.
    assert.ok(timings[4] >= Math.min(timings[0], timings[1]) + 600, `answers slow down: ${timings.join(', ')} ms`);
    const locked = await tokenWith(platform.issuer, demoApps.tax.clientId, demoApps.tax.secret, '198.51.100.2');
    assert.deepEqual(
      [locked.status, locked.body.error, locked.body.access_token],
      [429, 'invalid_client', undefined],
      'the right secret is refused while the client is locked',
    );
    assert.ok(Number(locked.retryAfter) > 0, 'the answer says when to try again');
    const other = await tokenWith(platform.issuer, demoApps.health.clientId, demoApps.health.secret, '198.51.100.1');
    assert.equal(other.status, 200, 'another client is not locked');
  });

  it('locks an address that tries secrets of many clients, without locking those clients elsewhere', async () => {
    for (let attempt = 0; attempt < 12; attempt += 1) {
      const answer = await tokenWith(platform.issuer, `guessed-client-${attempt}`, 'guess', '198.51.100.7');
      assert.equal(answer.status, 401);
    }
    const locked = await tokenWith(platform.issuer, demoApps.publicSecurity.clientId, demoApps.publicSecurity.secret, '198.51.100.7');
    assert.deepEqual([locked.status, locked.body.error], [429, 'invalid_client']);
    const elsewhere = await tokenWith(platform.issuer, demoApps.publicSecurity.clientId, demoApps.publicSecurity.secret, '198.51.100.8');
    assert.equal(elsewhere.status, 200);
  });

  it('compares at most the lock count of a burst of parallel wrong secrets', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => tokenWith(platform.issuer, 'medical-insurance-system', `burst-${i}`, `203.0.113.${i + 1}`)),
    );
    const compared = answers.filter((answer) => answer.status === 401).length;
    assert.ok(compared <= 5, `${compared} of 20 parallel wrong secrets were compared`);
    assert.equal(answers.filter((answer) => answer.status === 429).length, 20 - compared);
  });

  it("takes a right secret's attempt back, so an app asking often from one address is never locked", async () => {
    for (let attempt = 0; attempt < 15; attempt += 1) {
      assert.equal((await tokenWith(platform.issuer, demoApps.health.clientId, demoApps.health.secret, '198.51.100.20')).status, 200);
    }
  });
});
