import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { SignInFlow } from './browser.js';
import { assertProblem, http } from './http.js';
import { demoRealmFile, startPlatform, type RunningPlatform } from './platform.js';
import { appToken, bearer, demoApps } from './tokens.js';

const realm = JSON.parse(readFileSync(demoRealmFile, 'utf8')) as { persons: { idNumber: string; password: string; mobile: string; assuranceLevel: number }[] };
const [levelTwo, levelThree, , levelFour] = realm.persons;
const enterprise = { creditCode: '91350100M000100Y43', name: '示例有限公司' };

describe('assurance: what a sign-in proves, capped by the identity proofing, and the step-up to more (RFC 9470)', () => {
  let platform: RunningPlatform;
  const codeSentTo = (mobile: string) => /(\d{6})/.exec(platform.sms.sent.filter((sms) => sms.mobile === mobile).at(-1)?.text ?? '')?.[1] ?? '';
  const registerEnterprise = (accessToken: string) => http(platform.url, 'POST', '/api/v1/identity/enterprises', enterprise, bearer(accessToken));

  before(async () => {
    platform = await startPlatform({ withItem: false });
    assert.deepEqual(
      [levelTwo, levelThree, levelFour].map((p) => p.assuranceLevel),
      [2, 3, 4],
      'the demo realm holds one person of each level',
    );
  });
  after(() => platform?.stop());

  it('gives a level-4 person who signs in with a password only acr 2 and amr ["pwd"]', async () => {
    const flow = await new SignInFlow(platform.issuer).start('openid items:read');
    await flow.submit('login', { login: levelFour.idNumber, password: levelFour.password });
    const { claims, id_token: idToken } = await flow.tokens();
    assert.deepEqual([claims.acr, claims.amr], ['2', ['pwd']]);
    const idClaims = JSON.parse(Buffer.from(idToken.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
    assert.deepEqual([idClaims.acr, idClaims.amr], ['2', ['pwd']], 'the ID token says the same');
  });

  it('answers a route that needs level 3 with 401 insufficient_user_authentication and the acr_values, then steps the signed-in person up with an SMS code only', async () => {
    const flow = await new SignInFlow(platform.issuer).start('openid items:read');
    await flow.submit('login', { login: levelThree.idNumber, password: levelThree.password });
    const first = await flow.tokens();
    assert.deepEqual([first.claims.acr, first.claims.amr], ['2', ['pwd']]);

    const refused = await registerEnterprise(first.access_token);
    const problem = assertProblem(refused, 401, 'AUTH.INSUFFICIENT_USER_AUTHENTICATION');
    assert.match(problem.detail ?? '', /assurance level 3/);
    const challenge = refused.headers.get('www-authenticate') ?? '';
    assert.match(challenge, /^Bearer realm="igs", error="insufficient_user_authentication"/);
    const acrValues = /acr_values="([^"]+)"/.exec(challenge)?.[1];
    assert.equal(acrValues, '3 4');

    // The client sends the person back with what the route asked for; the session stands, so only the missing factor is asked.
    await flow.start('openid items:read', { acr_values: acrValues! });
    assert.ok(!/name="password"/.test(flow.current.html ?? ''), 'no password is asked again');
    await flow.submit('step-up/sms-code', {});
    await flow.submit('step-up/sms', { code: '000000' });
    assert.equal(flow.current.status, 401, 'a wrong code is refused');
    await flow.submit('step-up/sms', { code: codeSentTo(levelThree.mobile) });
    const stepped = await flow.tokens();
    assert.deepEqual([stepped.claims.acr, stepped.claims.amr], ['3', ['pwd', 'sms', 'mfa']]);
    const badCode = await http(
      platform.url,
      'POST',
      '/api/v1/identity/enterprises',
      { creditCode: '91150100MA0N000019', name: '错误代码公司' },
      bearer(stepped.access_token),
    );
    assert.deepEqual(
      assertProblem(badCode, 400, 'PLATFORM.VALIDATION').errors!.map((e) => e.field),
      ['creditCode'],
    );
    const created = await registerEnterprise(stepped.access_token);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const me = await http(platform.url, 'GET', '/api/v1/identity/me', undefined, bearer(stepped.access_token));
    assert.ok(
      me.body.enterprises.some((e: { creditCode: string; role: string }) => e.creditCode === enterprise.creditCode && e.role === 'legal_representative'),
    );
  });

  it('asks for the password and then the code when the client asks for level 3 before anyone is signed in', async () => {
    const flow = await new SignInFlow(platform.issuer).start('openid items:read', { acr_values: '3 4' });
    await flow.submit('login', { login: levelFour.idNumber, password: levelFour.password });
    await flow.submit('step-up/sms-code', {});
    await flow.submit('step-up/sms', { code: codeSentTo(levelFour.mobile) });
    const { claims } = await flow.tokens();
    assert.deepEqual([claims.acr, claims.amr], ['3', ['pwd', 'sms', 'mfa']], 'two factors prove 3; 4 needs a hardware-bound one');
  });

  it('asks for the password as the second factor after a sign-in by SMS code', async () => {
    const flow = await new SignInFlow(platform.issuer).start('openid items:read');
    await flow.submit('sms-code', { login: levelThree.idNumber });
    await flow.submit('sms-login', { login: levelThree.idNumber, code: codeSentTo(levelThree.mobile) });
    assert.deepEqual((await flow.tokens()).claims.amr, ['sms']);
    await flow.start('openid items:read', { acr_values: '3' });
    await flow.submit('step-up/password', { password: levelThree.password });
    const { claims } = await flow.tokens();
    assert.deepEqual([claims.acr, claims.amr], ['3', ['pwd', 'sms', 'mfa']]);
  });

  it('keeps a person proofed at level 2 at acr 2: no factor can prove more than their identity, so none is asked', async () => {
    const flow = await new SignInFlow(platform.issuer).start('openid items:read', { acr_values: '3 4' });
    await flow.submit('login', { login: levelTwo.idNumber, password: levelTwo.password });
    const { claims, access_token: accessToken } = await flow.tokens();
    assert.deepEqual([claims.acr, claims.amr], ['2', ['pwd']]);
    assertProblem(await registerEnterprise(accessToken), 401, 'AUTH.INSUFFICIENT_USER_AUTHENTICATION');
    assert.equal((await http(platform.url, 'GET', '/api/v1/identity/me', undefined, bearer(accessToken))).status, 200, 'a level-2 route is open to it');
  });

  it('refuses department apps on routes for signed-in people: they have no sign-in to strengthen', async () => {
    const app = await appToken(platform.issuer, demoApps.health, 'items:read');
    assertProblem(await http(platform.url, 'GET', '/api/v1/identity/me', undefined, bearer(app)), 403, 'AUTH.FORBIDDEN');
  });

  it('publishes the levels a client may ask for', async () => {
    const discovery = (await (await fetch(`${platform.issuer}/.well-known/openid-configuration`)).json()) as { acr_values_supported?: string[] };
    assert.deepEqual(discovery.acr_values_supported, ['1', '2', '3', '4']);
  });
});
