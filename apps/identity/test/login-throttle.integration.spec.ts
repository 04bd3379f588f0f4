import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, memoryLogger, startTestNats, withClient, type TestDatabase, type TestNats } from '@igs/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AccountsService } from '../src/accounts/accounts.service.js';
import { loadIdentityConfig } from '../src/config.js';
import { createIdentityApp } from '../src/identity-app.js';

const realmFile = join(__dirname, '..', '..', '..', '..', 'deploy', 'demo', 'realm.json');
const realm = JSON.parse(readFileSync(realmFile, 'utf8')) as { staff: { username: string; password: string }[]; persons: { idNumber: string; password: string }[] };

describe('sign-in throttling', () => {
  let nats: TestNats;
  let db: TestDatabase;
  let app: NestFastifyApplication;
  let accounts: AccountsService;

  before(async () => {
    db = await createTestDatabase('throttle');
    nats = await startTestNats();
    const config = loadIdentityConfig({
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

  it('keeps the clear login out of the throttle table', async () => {
    const keys = await withClient(db.url, (client) => client.query('SELECT key FROM identity.login_throttle')).then((r) => r.rows.map((row) => String(row.key)));
    for (const person of realm.persons) assert.ok(!keys.some((key) => key.includes(person.idNumber)));
  });
});
