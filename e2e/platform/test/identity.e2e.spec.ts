import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { eventually, newItemBody, withClient } from '@igs/testing';
import { residentIdCheckCharacter } from '@igs/crypto';
import { SignJWT, importJWK, type JWK } from 'jose';
import { SigningKeys } from '@igs/identity';
import { exchangeCode, signIn, signInWithSms, tokenRequest, portal } from './browser.js';
import { assertProblem, http } from './http.js';
import { demoRealmFile, startPlatform, type RunningPlatform } from './platform.js';
import { appToken, bearer, demoApps } from './tokens.js';

const realm = JSON.parse(readFileSync(demoRealmFile, 'utf8')) as {
  persons: { idNumber: string; password: string; mobile: string }[];
  staff: { username: string; password: string }[];
  apps: { clientSecret: string }[];
};
const citizen = realm.persons[0];

function residentId(first17: string): string {
  return first17 + residentIdCheckCharacter(first17);
}
const healthEditor = realm.staff.find((s) => s.username === 'health.editor')!;

describe('unified identity: tokens, sign-in, and authentication at the gateway', () => {
  let platform: RunningPlatform;

  before(async () => {
    platform = await startPlatform({ identityEnv: { LOGIN_SLOW_AFTER: '2', LOGIN_LOCK_AFTER: '4', LOGIN_DELAY_MS: '400' } });
  });
  after(() => platform?.stop());

  describe('client credentials for department apps', () => {
    it('gives an ES256 JWT for the allowed scopes, which the gateway accepts', async () => {
      const token = await appToken(platform.issuer, demoApps.health, 'items:read');
      const [header, payload] = token
        .split('.')
        .slice(0, 2)
        .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
      assert.deepEqual([header.alg, header.typ], ['ES256', 'at+jwt']);
      assert.deepEqual(
        [payload.sub, payload.client_id, payload.igs_type, payload.igs_dept, payload.scope, payload.aud],
        ['health-system', 'health-system', 'app', 'HEALTH', 'items:read', 'urn:igs:api'],
      );
      assert.ok(payload.exp - payload.iat <= 600, 'access tokens are short-lived');
      const answer = await http(platform.url, 'GET', '/api/v1/items?size=1', undefined, bearer(token));
      assert.equal(answer.status, 200);
    });

    it('refuses a wrong secret and a scope the app was not given', async () => {
      const wrong = await fetch(`${platform.issuer}/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from('health-system:not-the-secret').toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials&scope=items:read',
      });
      assert.equal(wrong.status, 401);
      assert.equal(((await wrong.json()) as { error: string }).error, 'invalid_client');
      const scope = await fetch(`${platform.issuer}/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`health-system:${demoApps.health.secret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials&scope=identity:admin',
      });
      assert.equal(((await scope.json()) as { error: string }).error, 'invalid_scope');
    });

    it('authenticates an app registered with a public key by a signed client assertion (private_key_jwt)', async () => {
      const admin = bearer(await appToken(platform.issuer, demoApps.admin, 'identity:admin'));
      const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const jwk = { ...(publicKey.export({ format: 'jwk' }) as JWK), kid: 'hrss-2026', alg: 'ES256', use: 'sig' };
      const created = await http(
        platform.url,
        'POST',
        '/api/v1/identity/apps',
        {
          clientId: 'hrss-keys',
          name: '人社密钥认证系统',
          departmentCode: 'HRSS',
          scopes: ['items:read'],
          authMethod: 'private_key_jwt',
          jwks: { keys: [jwk] },
        },
        admin,
      );
      assert.equal(created.status, 201);
      assert.equal(created.body.clientSecret, undefined, 'no secret for a key-based app');
      const withPrivate = await http(
        platform.url,
        'POST',
        '/api/v1/identity/apps',
        {
          clientId: 'hrss-bad',
          name: '错误',
          departmentCode: 'HRSS',
          scopes: ['items:read'],
          authMethod: 'private_key_jwt',
          jwks: { keys: [privateKey.export({ format: 'jwk' })] },
        },
        admin,
      );
      assertProblem(withPrivate, 400, 'PLATFORM.VALIDATION');

      const assertion = (key: JWK) =>
        importJWK(key, 'ES256').then((signingKey) =>
          new SignJWT({})
            .setProtectedHeader({ alg: 'ES256', kid: 'hrss-2026' })
            .setIssuer('hrss-keys')
            .setSubject('hrss-keys')
            .setAudience(platform.issuer)
            .setJti(crypto.randomUUID())
            .setIssuedAt()
            .setExpirationTime('1m')
            .sign(signingKey),
        );
      const request = async (key: JWK) =>
        tokenRequest(platform.issuer, {
          grant_type: 'client_credentials',
          scope: 'items:read',
          client_id: 'hrss-keys',
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: await assertion(key),
        });
      const granted = await request(privateKey.export({ format: 'jwk' }) as JWK);
      assert.equal(granted.status, 200, JSON.stringify(granted.body));
      assert.equal((await http(platform.url, 'GET', '/api/v1/items?size=1', undefined, bearer(granted.body.access_token))).status, 200);
      const forged = await request(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }) as JWK);
      assert.equal(forged.body.error, 'invalid_client');
      assertProblem(await http(platform.url, 'POST', '/api/v1/identity/apps/hrss-keys/rotate-secret', undefined, admin), 409, 'IDENTITY.APP_USES_KEYS');
    });

    it('stores no client secret: the apps table holds only digests', async () => {
      const stored = await withClient(platform.db.url, (c) => c.query('SELECT secret_digest FROM identity.department_apps')).then((r) =>
        r.rows.map((row) => String(row.secret_digest)),
      );
      for (const app of realm.apps) assert.ok(!stored.includes(app.clientSecret));
    });

    it('answers 401 with a challenge without a token, and 403 naming the scope when the token lacks it', async () => {
      const none = await http(platform.url, 'GET', '/api/v1/items');
      assertProblem(none, 401, 'AUTH.UNAUTHENTICATED');
      assert.equal(none.headers.get('www-authenticate'), 'Bearer realm="igs"');
      const basic = await http(platform.url, 'GET', '/api/v1/items', undefined, { authorization: 'Basic abc' });
      assertProblem(basic, 401, 'AUTH.UNAUTHENTICATED');
      const reader = await appToken(platform.issuer, demoApps.health, 'items:read');
      const write = await http(platform.url, 'POST', '/api/v1/items', newItemBody(), bearer(reader));
      assertProblem(write, 403, 'AUTH.FORBIDDEN');
      assert.match(write.headers.get('www-authenticate') ?? '', /error="insufficient_scope", scope="items:write"/);
      assertProblem(await http(platform.url, 'GET', '/api/v1/identity/apps', undefined, bearer(reader)), 403, 'AUTH.FORBIDDEN');
      for (const path of ['/health/live', '/openapi.json', '/docs/']) assert.equal((await fetch(`${platform.url}${path}`)).status, 200, `${path} stays public`);
      assert.equal((await fetch(`${platform.issuer}/jwks`)).status, 200);
      assert.equal((await fetch(`${platform.issuer}/.well-known/openid-configuration`)).status, 200);
    });

    it('lets the platform admin register, list, rotate and disable apps; a disabled app stops working within 5 seconds, and its old tokens stay refused once it is enabled', async () => {
      const admin = bearer(await appToken(platform.issuer, demoApps.admin, 'identity:admin items:read'));
      const created = await http(
        platform.url,
        'POST',
        '/api/v1/identity/apps',
        { clientId: 'tax-invoicing', name: '税务发票系统', departmentCode: 'TAX', scopes: ['items:read'] },
        admin,
      );
      assert.equal(created.status, 201);
      assert.match(created.body.clientSecret, /^[A-Za-z0-9_-]{43}$/);
      assertProblem(
        await http(
          platform.url,
          'POST',
          '/api/v1/identity/apps',
          { clientId: 'tax-invoicing', name: '重复', departmentCode: 'TAX', scopes: ['items:read'] },
          admin,
        ),
        409,
        'IDENTITY.APP_EXISTS',
      );
      const listed = await http(platform.url, 'GET', '/api/v1/identity/apps?department=TAX', undefined, admin);
      assert.deepEqual(listed.body.apps.map((a: { clientId: string }) => a.clientId).sort(), ['tax-invoicing', 'tax-system']);
      assert.ok(!JSON.stringify(listed.body).includes(created.body.clientSecret), 'a secret is shown only once');

      const first = { clientId: 'tax-invoicing', secret: created.body.clientSecret as string };
      const rotated = await http(platform.url, 'POST', '/api/v1/identity/apps/tax-invoicing/rotate-secret', undefined, admin);
      await assert.rejects(appToken(platform.issuer, first, 'items:read'), 'the old secret stops working');
      const app = { clientId: 'tax-invoicing', secret: rotated.body.clientSecret as string };
      const token = bearer(await appToken(platform.issuer, app, 'items:read'));
      assert.equal((await http(platform.url, 'GET', '/api/v1/items?size=1', undefined, token)).status, 200);

      const disabledAt = Date.now();
      assert.equal((await http(platform.url, 'POST', '/api/v1/identity/apps/tax-invoicing/disable', undefined, admin)).body.status, 'disabled');
      await eventually(
        async () => assertProblem(await http(platform.url, 'GET', '/api/v1/items?size=1', undefined, token), 401, 'AUTH.UNAUTHENTICATED'),
        5000,
        50,
      );
      assert.ok(Date.now() - disabledAt < 5000);
      await assert.rejects(appToken(platform.issuer, app, 'items:read'), 'a disabled app gets no new token');
      await http(platform.url, 'POST', '/api/v1/identity/apps/tax-invoicing/enable', undefined, admin);
      const renewed = bearer(await appToken(platform.issuer, app, 'items:read'));
      await eventually(async () => assert.equal((await http(platform.url, 'GET', '/api/v1/items?size=1', undefined, renewed)).status, 200), 5000, 50);
      assertProblem(await http(platform.url, 'GET', '/api/v1/items?size=1', undefined, token), 401, 'AUTH.UNAUTHENTICATED');
      assertProblem(await http(platform.url, 'POST', '/api/v1/identity/apps/no-such-app/disable', undefined, admin), 404, 'IDENTITY.APP_NOT_FOUND');
    });
  });

  describe('authorization code with PKCE for people', () => {
    it('signs a citizen in, gives tokens that read items, rotates refresh tokens, and ends them on revocation', async () => {
      const signedIn = await signIn(platform.issuer, citizen.idNumber, citizen.password);
      assert.equal(signedIn.status, 200);
      const exchanged = await exchangeCode(platform.issuer, signedIn.code!, signedIn.verifier!);
      assert.equal(exchanged.status, 200, JSON.stringify(exchanged.body));
      const { access_token: access, refresh_token: refresh, id_token: idToken } = exchanged.body;
      assert.ok(access && refresh && idToken);
      const claims = JSON.parse(Buffer.from(access.split('.')[1], 'base64url').toString());
      assert.deepEqual([claims.igs_type, claims.acr, claims.scope, claims.aud], ['person', '2', 'items:read', 'urn:igs:api']);
      assert.ok(!access.includes(citizen.idNumber) && !JSON.stringify(claims).includes(citizen.idNumber), 'the ID number is not in the token');
      assert.equal((await http(platform.url, 'GET', '/api/v1/items?size=1', undefined, bearer(access))).status, 200);
      assertProblem(await http(platform.url, 'POST', '/api/v1/items', newItemBody(), bearer(access)), 403, 'AUTH.FORBIDDEN');

      const refreshed = await tokenRequest(platform.issuer, { grant_type: 'refresh_token', refresh_token: refresh, client_id: portal.clientId });
      assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
      assert.notEqual(refreshed.body.refresh_token, refresh, 'refresh tokens rotate');
      const reused = await tokenRequest(platform.issuer, { grant_type: 'refresh_token', refresh_token: refresh, client_id: portal.clientId });
      assert.equal(reused.body.error, 'invalid_grant', 'a used refresh token is refused');

      const newAccess = refreshed.body.access_token;
      const revoked = await fetch(`${platform.issuer}/token/revocation`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: refreshed.body.refresh_token, client_id: portal.clientId }),
      });
      assert.equal(revoked.status, 200);
      await eventually(
        async () => assertProblem(await http(platform.url, 'GET', '/api/v1/items?size=1', undefined, bearer(newAccess)), 401, 'AUTH.UNAUTHENTICATED'),
        5000,
        50,
      );
    });

    it('answers userinfo for a token asked for with OpenID scopes only', async () => {
      const signedIn = await signIn(platform.issuer, citizen.idNumber, citizen.password, 'openid profile');
      const { body } = await exchangeCode(platform.issuer, signedIn.code!, signedIn.verifier!);
      const userinfo = await fetch(`${platform.issuer}/me`, { headers: bearer(body.access_token) });
      assert.equal(userinfo.status, 200);
      const claims = (await userinfo.json()) as Record<string, unknown>;
      assert.equal(claims.name, '张三');
      assert.equal(claims.igs_type, undefined, 'profile gives the name, not the internal claims');
      assertProblem(await http(platform.url, 'GET', '/api/v1/items?size=1', undefined, bearer(body.access_token)), 401, 'AUTH.UNAUTHENTICATED');
    });

    it('gives staff the scopes of their roles', async () => {
      const signedIn = await signIn(platform.issuer, healthEditor.username, healthEditor.password, 'openid items:read items:write identity:admin');
      const { body } = await exchangeCode(platform.issuer, signedIn.code!, signedIn.verifier!);
      const claims = JSON.parse(Buffer.from(body.access_token.split('.')[1], 'base64url').toString());
      assert.deepEqual([claims.igs_type, claims.igs_dept, claims.igs_roles, claims.scope], ['staff', 'HEALTH', ['item_editor'], 'items:read items:write']);
      const created = await http(platform.url, 'POST', '/api/v1/items', newItemBody({ departmentCode: 'HEALTH' }), bearer(body.access_token));
      assert.equal(created.status, 201);
      assertProblem(
        await http(platform.url, 'POST', '/api/v1/items', newItemBody({ departmentCode: 'TAX' }), bearer(body.access_token)),
        403,
        'AUTH.FORBIDDEN',
      );
    });

    it('signs a person in with a one-time code sent by SMS to their registered mobile', async () => {
      const person = realm.persons[1];
      const lastCode = () => /(\d{6})/.exec(platform.sms.sent.at(-1)?.text ?? '')?.[1];
      const wrong = await signInWithSms(platform.issuer, person.idNumber, lastCode, true);
      assert.equal(wrong.status, 401, 'a wrong code is refused');
      assert.equal(platform.sms.sent.at(-1)?.mobile, person.mobile, 'the code went to the registered mobile');
      const sentBefore = platform.sms.sent.length;
      const again = await signInWithSms(platform.issuer, person.idNumber, lastCode);
      assert.equal(platform.sms.sent.length, sentBefore, 'asking again within a minute does not send a second code');
      assert.equal(again.status, 200);
      const { body } = await exchangeCode(platform.issuer, again.code!, again.verifier!);
      const claims = JSON.parse(Buffer.from(body.access_token.split('.')[1], 'base64url').toString());
      // One factor, whatever the person's proofing level (3): see assurance.ts in the contracts.
      assert.deepEqual([claims.igs_type, claims.acr, claims.amr], ['person', '2', ['sms']]);
      const unknown = await signInWithSms(platform.issuer, '11010519491231002X', () => undefined);
      assert.equal(unknown.status, 401, 'an unregistered number gets the same pages and no code');
      assert.equal(platform.sms.sent.length, sentBefore);
    });

    it('refuses a code exchanged with the wrong PKCE verifier', async () => {
      const signedIn = await signIn(platform.issuer, citizen.idNumber, citizen.password);
      const exchanged = await exchangeCode(platform.issuer, signedIn.code!, 'x'.repeat(43));
      assert.equal(exchanged.body.error, 'invalid_grant');
    });

    it('slows, then locks, repeated failed logins of an account, even with the right password', async () => {
      const person = realm.persons[2];
      const timings: number[] = [];
      for (let attempt = 0; attempt < 4; attempt += 1) {
        const started = Date.now();
        const result = await signIn(platform.issuer, person.idNumber, 'wrong-password');
        timings.push(Date.now() - started);
        assert.equal(result.status, 401);
      }
      // The fourth answer waits 800 ms (400 doubled) besides the password check, whose own
      // time swings by a hundred ms or more on a busy machine: half the delay is the margin.
      assert.ok(timings[3] >= Math.min(timings[0], timings[1]) + 400, `answers slow down: ${timings.join(', ')} ms`);
      const locked = await signIn(platform.issuer, person.idNumber, person.password);
      assert.equal(locked.status, 429);
      const other = await signIn(platform.issuer, realm.persons[3].idNumber, realm.persons[3].password);
      assert.equal(other.status, 200, 'other accounts still sign in');
    });
  });

  describe('persons, enterprises and assurance levels', () => {
    const c = { idNumber: residentId('15040219970412345') };
    it('registers a person at level 1, refusing a bad checksum with 400, and keeps no identifier in clear', async () => {
      const good = { idNumber: c.idNumber, name: '钱七', mobile: '13900471234', password: 'a-long-password-1' };
      const badChecksum = { idNumber: `${good.idNumber.slice(0, 17)}${good.idNumber[17] === '0' ? '1' : '0'}`, mobile: good.mobile };
      const refused = assertProblem(await http(platform.url, 'POST', '/api/v1/identity/registrations', badChecksum), 400, 'PLATFORM.VALIDATION');
      assert.deepEqual(
        refused.errors!.map((e) => e.field),
        ['idNumber'],
      );
      assert.ok(!JSON.stringify(refused).includes(badChecksum.idNumber), 'the answer does not echo the number');
      assert.equal((await http(platform.url, 'POST', '/api/v1/identity/registrations', { idNumber: good.idNumber, mobile: good.mobile })).status, 202);
      const code = /(\d{6})/.exec(platform.sms.sent.filter((sms) => sms.mobile === good.mobile).at(-1)?.text ?? '')?.[1] ?? '';
      const registered = await http(platform.url, 'POST', '/api/v1/identity/persons', { ...good, code });
      assert.equal(registered.status, 201, JSON.stringify(registered.body));
      assert.equal(registered.body.assuranceLevel, 1);
      assertProblem(await http(platform.url, 'POST', '/api/v1/identity/persons', { ...good, code }), 422, 'IDENTITY.REGISTRATION_CODE_INVALID');
      const dump = await withClient(platform.db.url, async (client) =>
        JSON.stringify([(await client.query('SELECT * FROM identity.persons')).rows, (await client.query('SELECT * FROM identity.registration_codes')).rows]),
      );
      for (const value of [good.idNumber, good.mobile, good.name, citizen.idNumber, citizen.mobile]) assert.ok(!dump.includes(value), 'no identifier in clear');

      const signedIn = await signIn(platform.issuer, good.idNumber, good.password, 'openid items:read');
      const { body } = await exchangeCode(platform.issuer, signedIn.code!, signedIn.verifier!);
      const me = await http(platform.url, 'GET', '/api/v1/identity/me', undefined, bearer(body.access_token));
      assertProblem(me, 401, 'AUTH.INSUFFICIENT_USER_AUTHENTICATION');
      assert.match(me.headers.get('www-authenticate') ?? '', /error="insufficient_user_authentication", .*acr_values="2 3 4"/);
    });

    it('shows a level-2 person their own data masked, and keeps registering an enterprise for a level-3 sign-in', async () => {
      const signedIn = await signIn(platform.issuer, citizen.idNumber, citizen.password, 'openid items:read');
      const token = bearer((await exchangeCode(platform.issuer, signedIn.code!, signedIn.verifier!)).body.access_token);
      const enterprise = await http(platform.url, 'POST', '/api/v1/identity/enterprises', { creditCode: '91350100M000100Y43', name: '示例有限公司' }, token);
      assertProblem(enterprise, 401, 'AUTH.INSUFFICIENT_USER_AUTHENTICATION');
      assert.match(enterprise.headers.get('www-authenticate') ?? '', /acr_values="3 4"/);
      const me = await http(platform.url, 'GET', '/api/v1/identity/me', undefined, token);
      assert.equal(me.status, 200);
      assert.equal(me.headers.get('cache-control'), 'no-store', "no cache keeps a person's own data");
      assert.equal(me.body.name, '张三');
      assert.equal(me.body.idNumberMasked, `${citizen.idNumber.slice(0, 4)}**********${citizen.idNumber.slice(-4)}`);
      assert.equal(me.body.mobileMasked, `${citizen.mobile.slice(0, 3)}****${citizen.mobile.slice(-4)}`);
      assert.deepEqual(
        me.body.enterprises.map((e: { creditCode: string; role: string }) => [e.creditCode, e.role]),
        [['91150100MA0N000013', 'legal_representative']],
      );
      const app = bearer(await appToken(platform.issuer, demoApps.health, 'items:read'));
      assertProblem(await http(platform.url, 'GET', '/api/v1/identity/me', undefined, app), 403, 'AUTH.FORBIDDEN');
    });
  });

  describe('acting for an enterprise', () => {
    it("gives an authorised person a token in the enterprise's name, with themselves as the actor", async () => {
      const agent = realm.persons[1];
      const signedIn = await signIn(platform.issuer, agent.idNumber, agent.password, 'openid items:read', { igs_enterprise: '91150100MA0N000013' });
      assert.equal(signedIn.status, 200);
      const { body } = await exchangeCode(platform.issuer, signedIn.code!, signedIn.verifier!);
      const claims = JSON.parse(Buffer.from(body.access_token.split('.')[1], 'base64url').toString());
      assert.equal(claims.igs_type, 'enterprise');
      assert.equal(claims.igs_enterprise, '91150100MA0N000013');
      assert.equal(claims.act.sub, claims.sub, 'the person acts');
      assert.equal((await http(platform.url, 'GET', '/api/v1/items?size=1', undefined, bearer(body.access_token))).status, 200);
    });

    it('refuses a person who is not authorised for the enterprise', async () => {
      const stranger = realm.persons[3];
      const refused = await signIn(platform.issuer, stranger.idNumber, stranger.password, 'openid items:read', { igs_enterprise: '91150100MA0N000013' });
      assert.deepEqual([refused.status, refused.error], [403, 'access_denied']);
    });
  });

  describe('signing key rotation', () => {
    it('stores signing keys only wrapped by the key-encryption key', async () => {
      const rows = await withClient(platform.db.url, (client) => client.query('SELECT public_jwk, private_jwk_envelope FROM identity.signing_keys')).then(
        (r) => r.rows,
      );
      assert.ok(rows.length >= 1);
      for (const row of rows) {
        assert.equal(row.public_jwk.d, undefined);
        assert.match(row.private_jwk_envelope, /^v1\.aes-256-gcm\.dev\./);
        assert.ok(!String(row.private_jwk_envelope).includes('"d"'));
      }
    });

    it('keeps tokens signed before a rotation working, and signs new ones with the new key', async () => {
      const before = await appToken(platform.issuer, demoApps.health, 'items:read');
      assert.equal((await http(platform.url, 'GET', '/api/v1/items?size=1', undefined, bearer(before))).status, 200);
      const admin = bearer(await appToken(platform.issuer, demoApps.admin, 'identity:admin'));
      const rotated = await http(platform.url, 'POST', '/api/v1/identity/keys/rotate', undefined, admin);
      assert.equal(rotated.status, 200);
      const jwks = (await (await fetch(`${platform.issuer}/jwks`)).json()) as { keys: { kid: string }[] };
      assert.equal(jwks.keys.length, 2, 'the retired key stays published');
      assert.equal(jwks.keys[0].kid, rotated.body.kid);
      const after = await appToken(platform.issuer, demoApps.health, 'items:read');
      assert.equal(JSON.parse(Buffer.from(after.split('.')[0], 'base64url').toString()).kid, rotated.body.kid);
      assert.equal((await http(platform.url, 'GET', '/api/v1/items?size=1', undefined, bearer(before))).status, 200, 'the old token still works');
      await eventually(async () => assert.equal((await http(platform.url, 'GET', '/api/v1/items?size=1', undefined, bearer(after))).status, 200), 8000, 250);
    });
  });

  describe('tokens the gateway refuses', () => {
    let signingKey: JWK;
    const now = () => Math.floor(Date.now() / 1000);
    const claims = () => ({ sub: 'health-system', client_id: 'health-system', igs_type: 'app', igs_dept: 'HEALTH', scope: 'items:read' });

    before(async () => {
      [signingKey] = await platform.identity!.get(SigningKeys).privateJwks();
    });

    async function sign(payload: Record<string, unknown>, options: { key?: JWK; header?: Record<string, unknown> } = {}) {
      const key = options.key ?? signingKey;
      return new SignJWT(payload)
        .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: signingKey.kid, ...options.header })
        .sign(await importJWK(key, 'ES256'));
    }

    async function refused(token: string, because: string) {
      const answer = await http(platform.url, 'GET', '/api/v1/items?size=1', undefined, bearer(token));
      assertProblem(answer, 401, 'AUTH.UNAUTHENTICATED');
      assert.match(answer.headers.get('www-authenticate') ?? '', /error="invalid_token"/, because);
    }

    const valid = () => ({ ...claims(), iss: platform.issuer, aud: 'urn:igs:api', iat: now(), exp: now() + 300 });

    it('accepts a token signed with the identity key (the control case)', async () => {
      assert.equal((await http(platform.url, 'GET', '/api/v1/items?size=1', undefined, bearer(await sign(valid())))).status, 200);
    });

    it('refuses alg none', async () => {
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt' })).toString('base64url');
      await refused(`${header}.${Buffer.from(JSON.stringify(valid())).toString('base64url')}.`, 'alg none');
    });

    it('refuses a token signed by another key under the same key id', async () => {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      await refused(await sign(valid(), { key: privateKey.export({ format: 'jwk' }) as JWK }), 'other key');
    });

    it('refuses an HS256 token whose secret is the public key', async () => {
      const { d: _d, ...publicJwk } = signingKey;
      const secret = new TextEncoder().encode(JSON.stringify(publicJwk));
      const token = await new SignJWT(valid()).setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: signingKey.kid }).sign(secret);
      await refused(token, 'HS256 confusion');
    });

    it('refuses expired, not yet valid, wrong audience, wrong issuer and tampered tokens', async () => {
      await refused(await sign({ ...valid(), iat: now() - 900, exp: now() - 300 }), 'expired');
      await refused(await sign({ ...valid(), nbf: now() + 300 }), 'not yet valid');
      await refused(await sign({ ...valid(), aud: 'urn:other:api' }), 'wrong audience');
      await refused(await sign({ ...valid(), iss: 'http://127.0.0.1:1/oidc' }), 'wrong issuer');
      const [header, , signature] = (await sign(valid())).split('.');
      const tampered = Buffer.from(JSON.stringify({ ...valid(), scope: 'items:read items:write' })).toString('base64url');
      await refused(`${header}.${tampered}.${signature}`, 'tampered payload');
    });
  });

  it('never writes an ID number, a phone number, a secret or a token into a log line', () => {
    const lines = [platform.logs.gateway, platform.logs.item, platform.logs.identity].flatMap((log) => log.lines()).map((line) => JSON.stringify(line));
    assert.ok(lines.length > 10, 'the services did log');
    const forbidden = [
      ...realm.persons.flatMap((p) => [p.idNumber, p.mobile, p.password]),
      ...realm.apps.map((a) => a.clientSecret),
      ...realm.staff.map((s) => s.password),
    ];
    for (const line of lines) {
      for (const value of forbidden) assert.ok(!line.includes(value), `a log line holds a personal value or secret: ${line.slice(0, 200)}`);
      assert.doesNotMatch(line, /eyJ[A-Za-z0-9_-]{10,}\.eyJ/, 'a log line holds a token');
    }
  });
});
