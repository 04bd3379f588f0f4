import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { residentIdCheckCharacter } from '@igs/crypto';
import { signIn } from './browser.js';
import { assertProblem, http, type HttpAnswer } from './http.js';
import { demoRealmFile, startPlatform, type RunningPlatform } from './platform.js';

const realm = JSON.parse(readFileSync(demoRealmFile, 'utf8')) as { persons: { idNumber: string; mobile: string }[] };
const registered = realm.persons[0];
const residentId = (first17: string) => first17 + residentIdCheckCharacter(first17);

/** An answer as the asker sees it, without what differs on every request. */
function seen(answer: HttpAnswer) {
  const { traceId: _traceId, ...body } = (answer.body ?? {}) as Record<string, unknown>;
  return { status: answer.status, type: answer.headers.get('content-type'), body };
}

describe('self-registration: bound to a code sent to the mobile, and silent about which ID numbers are registered', () => {
  let platform: RunningPlatform;
  const start = (idNumber: string, mobile: string) => http(platform.url, 'POST', '/api/v1/identity/registrations', { idNumber, mobile });
  const register = (idNumber: string, mobile: string, code: string | undefined) =>
    http(platform.url, 'POST', '/api/v1/identity/persons', {
      idNumber,
      mobile,
      name: '孙八',
      password: 'a-long-password-2',
      ...(code === undefined ? {} : { code }),
    });
  const smsTo = (mobile: string) => platform.sms.sent.filter((sms) => sms.mobile === mobile);
  const codeSentTo = (mobile: string) => /(\d{6})/.exec(smsTo(mobile).at(-1)?.text ?? '')?.[1];

  before(async () => {
    platform = await startPlatform({ withItem: false });
  });
  after(() => platform?.stop());

  it('answers the same for a registered and an unregistered ID number, sending the code only for the unregistered one and a notice to the owner of the other', async () => {
    const fresh = residentId('15010219850101123');
    const forFresh = await start(fresh, '13900470001');
    const forRegistered = await start(registered.idNumber, '13900470002');
    assert.equal(forFresh.status, 202);
    assert.deepEqual(seen(forRegistered), seen(forFresh));
    assert.equal(smsTo('13900470001').length, 1, 'the code went to the mobile given for the unregistered number');
    assert.equal(smsTo('13900470002').length, 0, 'no code for a registered number');
    const notice = smsTo(registered.mobile).at(-1)?.text ?? '';
    assert.match(notice, /已注册/, 'the owner of the registered number is told');
    assert.match(notice, /0002/, 'with the end of the mobile that asked');
    assert.doesNotMatch(notice, /\d{6}/, 'and no code');
  });

  it('cannot complete without the code, with a wrong one, or with the code of another mobile; completes with the right one', async () => {
    const idNumber = residentId('15010219850101124');
    await start(idNumber, '13900470011');
    const code = codeSentTo('13900470011')!;
    const missing = assertProblem(await register(idNumber, '13900470011', undefined), 400, 'PLATFORM.VALIDATION');
    assert.deepEqual(
      missing.errors!.map((e) => e.field),
      ['code'],
    );
    assertProblem(await register(idNumber, '13900470011', code === '000000' ? '111111' : '000000'), 422, 'IDENTITY.REGISTRATION_CODE_INVALID');
    assertProblem(await register(idNumber, '13900470012', code), 422, 'IDENTITY.REGISTRATION_CODE_INVALID');
    const done = await register(idNumber, '13900470011', code);
    assert.equal(done.status, 201, JSON.stringify(done.body));
    assert.equal(done.body.assuranceLevel, 1);
    assert.equal((await signIn(platform.issuer, idNumber, 'a-long-password-2', 'openid items:read')).status, 200, 'the new person signs in');
    assertProblem(await register(idNumber, '13900470011', code), 422, 'IDENTITY.REGISTRATION_CODE_INVALID');
  });

  it('refuses to register an ID number already registered exactly as it refuses a wrong code', async () => {
    const unregistered = residentId('15010219850101125');
    await start(unregistered, '13900470021');
    const wrongCode = await register(unregistered, '13900470021', '123456' === codeSentTo('13900470021') ? '654321' : '123456');
    const registeredNumber = await register(registered.idNumber, '13900470022', '123456');
    assertProblem(wrongCode, 422, 'IDENTITY.REGISTRATION_CODE_INVALID');
    assert.deepEqual(seen(registeredNumber), seen(wrongCode));
  });

  it('gives up a code after a few wrong tries, and sends no second message within a minute to the same ID number or mobile', async () => {
    const idNumber = residentId('15010219850101126');
    await start(idNumber, '13900470031');
    const code = codeSentTo('13900470031')!;
    const wrong = code === '000000' ? '111111' : '000000';
    for (let attempt = 0; attempt < 5; attempt += 1) assertProblem(await register(idNumber, '13900470031', wrong), 422, 'IDENTITY.REGISTRATION_CODE_INVALID');
    assertProblem(await register(idNumber, '13900470031', code), 422, 'IDENTITY.REGISTRATION_CODE_INVALID');
    assert.equal((await start(idNumber, '13900470031')).status, 202);
    assert.equal((await start(idNumber, '13900470032')).status, 202);
    assert.equal((await start(residentId('15010219850101127'), '13900470031')).status, 202);
    assert.equal(smsTo('13900470031').length, 1);
    assert.equal(smsTo('13900470032').length, 0);
    assert.equal((await start(registered.idNumber, '13900470033')).status, 202);
    assert.equal(smsTo(registered.mobile).length, 1, 'the owner is not flooded with notices either');
  });
});
