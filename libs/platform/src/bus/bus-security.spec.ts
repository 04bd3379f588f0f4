import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError } from '../config/load-config.js';
import { busSecurityFrom } from './bus-security.js';
import { CallerSigner, CallerVerifier } from './caller-assertion.js';
import { newUserNkey, nkeyFromSeed, nkeyPublicKey } from './nkeys.js';

const env = (vars: Record<string, string>) => ({ NATS_URL: 'nats://127.0.0.1:4222', NODE_ENV: 'development', ...vars });
const problemsOf = (vars: Record<string, string>): string[] => {
  try {
    busSecurityFrom('item', env(vars));
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe(busSecurityFrom.name, () => {
  it('takes credentials out of NATS_URL and uses them, rather than dropping them', () => {
    const security = busSecurityFrom('item', env({ NATS_URL: 'nats://svc:s3cr%40t@nats-a:4222, nats://svc:s3cr%40t@nats-b:4222' }));
    assert.deepEqual(security.servers, ['nats://nats-a:4222', 'nats://nats-b:4222']);
    assert.ok(security.authenticator);
    assert.deepEqual(security.authenticator(), { user: 'svc', pass: 's3cr@t' });
  });

  it('refuses credentials given twice, a bad seed, bad caller keys, and a half TLS client pair', () => {
    const seed = newUserNkey().seed;
    assert.match(problemsOf({ NATS_URL: 'nats://u:p@nats:4222', NATS_NKEY_SEED: seed }).join(), /given twice/);
    assert.match(problemsOf({ NATS_NKEY_SEED: 'SUNOTAKEY' }).join(), /NATS_NKEY_SEED is invalid/);
    assert.match(problemsOf({ BUS_CALLER_KEYS: 'gateway=UNOTAKEY' }).join(), /BUS_CALLER_KEYS is invalid: "gateway"/);
    assert.match(problemsOf({ NATS_TLS_CERT_FILE: '/x.pem' }).join(), /go together/);
    assert.match(problemsOf({ NATS_NKEY_SEED_FILE: '/no/such/seed' }).join(), /cannot read/);
  });

  it('reads a credentials file of a JWT-mode server, and signs with its seed', () => {
    const key = newUserNkey();
    const file = join(mkdtempSync(join(tmpdir(), 'creds-')), 'app.creds');
    writeFileSync(
      file,
      `-----BEGIN NATS USER JWT-----\neyJhbGciOi.payload.sig\n------END NATS USER JWT------\n\n-----BEGIN USER NKEY SEED-----\n${key.seed}\n------END USER NKEY SEED------\n`,
    );
    const security = busSecurityFrom('item', env({ NATS_CREDS_FILE: file }));
    assert.ok(security.authenticator && security.signer);
    writeFileSync(file, 'not a creds file');
    assert.match(problemsOf({ NATS_CREDS_FILE: file }).join(), /holds no user nkey seed/);
  });

  it('requires an nkey and the apps keys in production', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    assert.equal(problems.length, 2);
    assert.match(problems[0], /NATS_NKEY_SEED .* is required in production/);
    assert.match(problems[1], /BUS_CALLER_KEYS is missing/);
  });

  it('signs with the app nkey and verifies against the listed keys', async () => {
    const gateway = newUserNkey();
    const security = busSecurityFrom('gateway', env({ NATS_NKEY_SEED: gateway.seed, BUS_CALLER_KEYS: `gateway=${gateway.publicKey}` }));
    const caller = { subject: 'app:tax', type: 'app' as const, departmentCode: 'TAX', scopes: [] };
    const header = await security.signer!.sign(caller);
    assert.equal(security.signer!.cached(caller), header);
    assert.deepEqual(await security.verifier!.verify(header), caller);
    assert.deepEqual(security.verifier!.cached(header), caller);
  });
});

describe(CallerVerifier.name, () => {
  const keys = Object.fromEntries(['gateway', 'item', 'rotated'].map((name) => [name, newUserNkey()]));
  const pair = (name: string) => nkeyFromSeed(keys[name].seed);
  const verifier = new CallerVerifier(
    new Map([
      [keys.gateway.publicKey, { app: 'gateway', key: nkeyPublicKey(keys.gateway.publicKey) }],
      [keys.rotated.publicKey, { app: 'gateway', key: nkeyPublicKey(keys.rotated.publicKey) }],
      [keys.item.publicKey, { app: 'item', key: nkeyPublicKey(keys.item.publicKey) }],
    ]),
  );
  const signer = (app: string, name: string) => new CallerSigner(app, pair(name).publicKey, pair(name).privateKey);
  const person = { subject: 'person:1', type: 'person' as const, scopes: [] };

  it('accepts either key of an app while its key is rotated', async () => {
    assert.deepEqual(await verifier.verify(await signer('gateway', 'rotated').sign(person)), person);
    assert.deepEqual(await verifier.verify(await signer('gateway', 'gateway').sign(person)), person);
  });

  it('lets a service assert only itself, and only the gateway speak for others', async () => {
    assert.equal((await verifier.verify(await signer('item', 'item').sign({ subject: 'system:item', type: 'system', scopes: [] }))).subject, 'system:item');
    await assert.rejects(verifier.verify(await signer('item', 'item').sign(person)), { code: 'PLATFORM.CALLER_NOT_VERIFIED' });
    await assert.rejects(verifier.verify(await signer('item', 'item').sign({ subject: 'system:identity', type: 'system', scopes: [] })), {
      code: 'PLATFORM.CALLER_NOT_VERIFIED',
    });
    await assert.rejects(verifier.verify(await signer('gateway', 'gateway').sign({ subject: 'system:item', type: 'system', scopes: [] })), {
      code: 'PLATFORM.CALLER_NOT_VERIFIED',
    });
  });

  it('refuses a key claiming another app, a tampered assertion, and plain JSON', async () => {
    await assert.rejects(verifier.verify(await signer('gateway', 'item').sign(person)), { code: 'PLATFORM.CALLER_NOT_VERIFIED' });
    const [head, body, signature] = (await signer('gateway', 'gateway').sign(person)).split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), caller: { ...person, subject: 'person:2' } }),
    ).toString('base64url');
    await assert.rejects(verifier.verify(`${head}.${forged}.${signature}`), { code: 'PLATFORM.CALLER_NOT_VERIFIED' });
    await assert.rejects(verifier.verify(JSON.stringify(person)), { code: 'PLATFORM.CALLER_NOT_VERIFIED' });
  });
});
