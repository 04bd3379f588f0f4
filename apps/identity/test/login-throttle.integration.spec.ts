import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, memoryLogger, startTestNats, withClient, type TestDatabase, type TestNats } from '@igs/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { AccountsService } from '../src/accounts/accounts.service.js';
import { LoginThrottle } from '../src/accounts/login-throttle.js';
import { loadIdentityConfig, type IdentityConfig } from '../src/config.js';
import { createIdentityApp } from '../src/identity-app.js';

const realmFile = join(__dirname, '..', '..', '..', '..', 'deploy', 'demo', 'realm.json');
const realm = JSON.parse(readFileSync(realmFile, 'utf8')) as {
  staff: { username: string; password: string }[];
  persons: { idNumber: string; password: string }[];
};

describe('sign-in throttling', () => {
  let nats: TestNats;
  let db: TestDatabase;
  let app: NestFastifyApplication;
  let accounts: AccountsService;
  let config: IdentityConfig;

  before(async () => {
    db = await createTestDatabase('throttle');
    nats = await startTestNats();
    config = loadIdentityConfig({
      ...nats.envFor('identity'),
      DATABASE_URL: db.url,
      IDENTITY_REALM_FILE: realmFile,
      LOGIN_SLOW_AFTER: '2',
      LOGIN_LOCK_AFTER: '3',
      LOGIN_SOURCE_LOCK_AFTER: '6',
      LOGIN_DELAY_MS: '0',
    });
    app = await createIdentityApp(config, memoryLogger('identity').logger);
    await app.init();
    accounts = app.get(AccountsService);
  });

  after(async () => {
    await app?.close();
    await nats?.stop();
    await db?.drop();
  });

  it('locks an account after repeated failures, whatever the password afterwards, and resets on success before that', async () => {
    const [editor, other] = realm.staff;
    assert.equal((await accounts.loginWithPassword(editor.username, 'wrong', '10.0.0.1')).ok, false);
    assert.equal((await accounts.loginWithPassword(editor.username, editor.password, '10.0.0.1')).ok, true, 'a success before the lock clears the count');
    for (let i = 0; i < 3; i += 1) assert.deepEqual(await accounts.loginWithPassword(other.username, 'wrong', '10.0.0.2'), { ok: false, reason: 'invalid' });
    assert.deepEqual(await accounts.loginWithPassword(other.username, other.password, '10.0.0.2'), { ok: false, reason: 'locked' });
    assert.equal((await accounts.loginWithPassword(editor.username, editor.password, '10.0.0.2')).ok, true, 'the lock is per account');
  });

  it('locks a source address that tries many accounts, without locking those accounts elsewhere', async () => {
    for (let i = 0; i < 6; i += 1) {
      assert.equal((await accounts.loginWithPassword(`nobody-${i}`, 'guess', '10.0.0.9')).ok, false);
    }
    const person = realm.persons[0];
    assert.deepEqual(await accounts.loginWithPassword(person.idNumber, person.password, '10.0.0.9'), { ok: false, reason: 'locked' });
    assert.equal((await accounts.loginWithPassword(person.idNumber, person.password, '10.0.0.10')).ok, true);
  });

  it('checks at most the lock count of 25 parallel wrong passwords on one account, and locks it', async () => {
    // The lock at 10, as configured by default; the source limit out of the way.
    const atTen = new AccountsService(app.get(DataSource), { ...config, LOGIN_LOCK_AFTER: 10, LOGIN_SOURCE_LOCK_AFTER: 1000 }, app.get(LoginThrottle));
    const person = realm.persons[3];
    let checked = 0;
    const wrong = async () => {
      checked += 1;
      return false;
    };
    const results = await Promise.all(Array.from({ length: 25 }, (_, i) => atTen.login(person.idNumber, `10.0.1.${i}`, wrong)));
    assert.ok(checked <= 10, `${checked} of 25 parallel attempts were checked`);
    assert.equal(results.filter((r) => !r.ok && r.reason === 'invalid').length, checked, 'every checked attempt was refused as wrong');
    assert.equal(results.filter((r) => !r.ok && r.reason === 'locked').length, 25 - checked);
    assert.deepEqual(
      await atTen.loginWithPassword(person.idNumber, person.password, '10.0.1.99'),
      { ok: false, reason: 'locked' },
      'the right password is refused while locked',
    );
  });

  it('checks parallel wrong passwords of one account with a real password hash no more than the lock count', async () => {
    const atTen = new AccountsService(app.get(DataSource), { ...config, LOGIN_LOCK_AFTER: 10, LOGIN_SOURCE_LOCK_AFTER: 1000 }, app.get(LoginThrottle));
    const staff = realm.staff[2];
    const results = await Promise.all(Array.from({ length: 25 }, () => atTen.loginWithPassword(staff.username, 'not-the-password', '10.0.2.1')));
    assert.equal(results.filter((r) => !r.ok && r.reason === 'invalid').length, 10);
    assert.equal(results.filter((r) => !r.ok && r.reason === 'locked').length, 15);
  });

  it('does not lock a shared address for the sign-ins that succeed there', async () => {
    const person = realm.persons[1];
    for (let i = 0; i < 8; i += 1) assert.equal((await accounts.loginWithPassword(person.idNumber, person.password, '10.0.3.1')).ok, true);
  });

  it('keeps the clear login out of the throttle table', async () => {
    const keys = await withClient(db.url, (client) => client.query('SELECT key FROM identity.login_throttle')).then((r) =>
      r.rows.map((row) => String(row.key)),
    );
    for (const person of realm.persons) assert.ok(!keys.some((key) => key.includes(person.idNumber)));
  });
});
