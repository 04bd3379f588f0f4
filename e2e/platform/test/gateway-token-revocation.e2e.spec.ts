import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SigningKeys } from '@igs/identity';
import { eventually } from '@igs/testing';
import { SignJWT, importJWK, type JWK } from 'jose';
import { assertProblem, http } from './http.js';
import { startPlatform, type RunningPlatform } from './platform.js';
import { appToken, bearer, demoApps } from './tokens.js';

describe('app tokens are revoked with their credentials, and the gateway refuses implausible token times', () => {
  let platform: RunningPlatform;
  let admin: Record<string, string>;
  const items = (token: string) => http(platform.url, 'GET', '/api/v1/items?size=1', undefined, bearer(token));
  const revoked = async (token: string) => {
    const answer = await items(token);
    assertProblem(answer, 401, 'AUTH.UNAUTHENTICATED');
    assert.match(answer.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
  };

  before(async () => {
    platform = await startPlatform();
    admin = bearer(await appToken(platform.issuer, demoApps.admin, 'identity:admin'));
  });
  after(() => platform?.stop());

  async function newApp(clientId: string) {
    const created = await http(
      platform.url,
      'POST',
      '/api/v1/identity/apps',
      { clientId, name: '测试系统', departmentCode: 'TAX', scopes: ['items:read'] },
      admin,
    );
    assert.equal(created.status, 201);
    return { clientId, secret: created.body.clientSecret as string };
  }

  it('refuses the tokens got with a secret once it is rotated, and accepts those of the new secret', async () => {
    const app = await newApp('tax-rotating');
    const before = await appToken(platform.issuer, app, 'items:read');
    assert.equal((await items(before)).status, 200);
    const rotated = await http(platform.url, 'POST', `/api/v1/identity/apps/${app.clientId}/rotate-secret`, undefined, admin);
    assert.equal(rotated.status, 200);
    await eventually(() => revoked(before), 5000, 50);
    const after = await appToken(platform.issuer, { clientId: app.clientId, secret: rotated.body.clientSecret }, 'items:read');
    assert.equal((await items(after)).status, 200);
  });

  it('keeps the tokens of a disabled app refused after it is enabled again', async () => {
    const app = await newApp('tax-disabled');
    const before = await appToken(platform.issuer, app, 'items:read');
    assert.equal((await items(before)).status, 200);
    assert.equal((await http(platform.url, 'POST', `/api/v1/identity/apps/${app.clientId}/disable`, undefined, admin)).status, 200);
    await eventually(() => revoked(before), 5000, 50);
    assert.equal((await http(platform.url, 'POST', `/api/v1/identity/apps/${app.clientId}/enable`, undefined, admin)).status, 200);
    const after = await appToken(platform.issuer, app, 'items:read');
    await eventually(async () => assert.equal((await items(after)).status, 200), 5000, 50);
    await revoked(before);
  });

  describe('token times', () => {
    let signingKey: JWK;
    const now = () => Math.floor(Date.now() / 1000);
    const claims = () => ({
      sub: 'health-system',
      client_id: 'health-system',
      igs_type: 'app',
      igs_dept: 'HEALTH',
      scope: 'items:read',
      iss: platform.issuer,
      aud: 'urn:igs:api',
    });
    const sign = async (times: { iat: number; exp: number }) =>
      new SignJWT({ ...claims(), ...times })
        .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: signingKey.kid })
        .sign(await importJWK(signingKey, 'ES256'));

    before(async () => {
      [signingKey] = await platform.identity!.get(SigningKeys).privateJwks();
    });

    it('refuses a token issued in the future beyond a few seconds of clock difference', async () => {
      await revoked(await sign({ iat: now() + 120, exp: now() + 300 }));
      assert.equal((await items(await sign({ iat: now() + 2, exp: now() + 300 }))).status, 200, 'a clock a little ahead is tolerated');
    });

    it('refuses a token made to live longer than the configured access token lifetime', async () => {
      const answer = await items(await sign({ iat: now(), exp: now() + 3600 }));
      assertProblem(answer, 401, 'AUTH.UNAUTHENTICATED');
      assert.match(answer.headers.get('www-authenticate') ?? '', /lives longer than 600 s/);
      assert.equal((await items(await sign({ iat: now(), exp: now() + 600 }))).status, 200, 'the configured lifetime itself is accepted');
    });
  });
});
