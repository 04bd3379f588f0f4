import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openEnvelope } from '@igs/crypto';
import { ConfigError } from '@igs/platform';
import { createTestDatabase, memoryLogger, startTestNats, type TestDatabase, type TestNats } from '@igs/testing';
import pg from 'pg';
import { loadIdentityConfig, type IdentityConfig } from '../src/config.js';
import { createIdentityApp } from '../src/identity-app.js';
import { keyEncryptionKeys } from '../src/identity.options.js';
import { SigningKeys } from '../src/keys/signing-keys.service.js';
import { rewrapIdentityEnvelopes } from '../src/keys/kek-rewrap.js';

const realmFile = join(__dirname, '..', '..', '..', '..', 'deploy', 'demo', 'realm.json');
const key = () => randomBytes(32).toString('base64');

describe('rotating the identity KEK', () => {
  let nats: TestNats;
  let db: TestDatabase;
  let pool: pg.Pool;
  const [k1, k2, k3] = [key(), key(), key()];
  const configWith = (kek: Record<string, string>): IdentityConfig =>
    loadIdentityConfig({ ...nats.envFor('identity'), DATABASE_URL: db.url, IDENTITY_REALM_FILE: realmFile, ...kek });
  /** Starts identity with these KEKs, reads its signing keys (opening their envelopes), and stops it. */
  const privateKeysWith = async (config: IdentityConfig) => {
    const app = await createIdentityApp(config, memoryLogger('identity').logger);
    try {
      await app.init();
      return await app.get(SigningKeys).privateJwks();
    } finally {
      await app.close();
    }
  };
  const kekIds = async () =>
    (
      await pool.query<{ kek: string; count: number }>(
        `SELECT kek, count(*)::int AS count FROM (
           SELECT split_part(private_jwk_envelope, '.', 3) AS kek FROM identity.signing_keys
           UNION ALL SELECT split_part(id_number_envelope, '.', 3) FROM identity.persons
           UNION ALL SELECT split_part(name_envelope, '.', 3) FROM identity.persons
           UNION ALL SELECT split_part(mobile_envelope, '.', 3) FROM identity.persons WHERE mobile_envelope IS NOT NULL) e
         GROUP BY kek ORDER BY kek`,
      )
    ).rows;

  before(async () => {
    db = await createTestDatabase('kekrotation');
    nats = await startTestNats();
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
  });
  after(async () => {
    await pool?.end();
    await nats?.stop();
    await db?.drop();
  });

  it('reads what the old KEK sealed after the rotation, re-wraps it all under the new one, and then runs without the old one', async () => {
    const before = await privateKeysWith(configWith({ IDENTITY_KEK: k1, IDENTITY_KEK_ID: 'k1' }));
    const sealed = await kekIds();
    assert.deepEqual(
      sealed.map((row) => row.kek),
      ['k1'],
    );

    // The new KEK wraps from now on; the old one still opens what it wrapped.
    const rotating = configWith({ IDENTITY_KEK: k2, IDENTITY_KEK_ID: 'k2', IDENTITY_KEK_PREVIOUS: `k1:${k1}` });
    assert.deepEqual(await privateKeysWith(rotating), before);

    const progress: string[] = [];
    const done = await rewrapIdentityEnvelopes(pool, rotating, (step) => progress.push(step.column));
    const total = done.reduce((sum, column) => sum + column.rewrapped, 0);
    assert.equal(total, sealed[0].count, 'every envelope was re-wrapped once');
    assert.ok(progress.includes('identity.persons.id_number_envelope'));
    assert.deepEqual(
      (await kekIds()).map((row) => row.kek),
      ['k2'],
    );
    const again = await rewrapIdentityEnvelopes(pool, rotating);
    assert.equal(
      again.reduce((sum, column) => sum + column.rewrapped, 0),
      0,
      'a second run finds nothing to do',
    );

    // The old KEK can go: everything opens with the new one alone.
    const rotated = configWith({ IDENTITY_KEK: k2, IDENTITY_KEK_ID: 'k2' });
    assert.deepEqual(await privateKeysWith(rotated), before);
    const { rows } = await pool.query<{ id: string; name_envelope: string }>('SELECT id, name_envelope FROM identity.persons');
    for (const row of rows) assert.ok(openEnvelope(keyEncryptionKeys(rotated), row.name_envelope, `identity.persons:${row.id}:name`).length > 0);
  });

  it('fails naming the KEK when the one that sealed the data is missing or wrong, and re-wraps nothing then', async () => {
    // Everything is under k2 now (the case above): k3 without k2 cannot open it.
    await assert.rejects(privateKeysWith(configWith({ IDENTITY_KEK: k3, IDENTITY_KEK_ID: 'k3' })), /key-encryption key k2 is not configured/);
    await assert.rejects(
      rewrapIdentityEnvelopes(pool, configWith({ IDENTITY_KEK: k3, IDENTITY_KEK_ID: 'k3' })),
      /identity\.signing_keys\.private_jwk_envelope of kid .*: key-encryption key k2 is not configured/,
    );
    await assert.rejects(
      rewrapIdentityEnvelopes(pool, configWith({ IDENTITY_KEK: k3, IDENTITY_KEK_ID: 'k3', IDENTITY_KEK_PREVIOUS: `k2:${k1}` })),
      /key-encryption key k2 does not open this envelope/,
    );
    assert.deepEqual(
      (await kekIds()).map((row) => row.kek),
      ['k2'],
      'a failed run leaves every envelope as it was',
    );
  });

  it('refuses previous KEKs that repeat an id, reuse the current one, or are too short, naming the variable', () => {
    const refused = (previous: string, message: RegExp) =>
      assert.throws(
        () => configWith({ IDENTITY_KEK: k2, IDENTITY_KEK_ID: 'k2', IDENTITY_KEK_PREVIOUS: previous }),
        (error: unknown) => {
          assert.ok(error instanceof ConfigError);
          assert.match(error.message, /IDENTITY_KEK_PREVIOUS is invalid/);
          assert.match(error.message, message);
          assert.ok(!error.message.includes(k1), 'the key itself is never printed');
          return true;
        },
      );
    refused(`k1:${k1},k1:${k3}`, /k1 is listed twice/);
    refused(`k2:${k1}`, /lists k2, the id of the current IDENTITY_KEK/);
    refused(`k1:${Buffer.alloc(16).toString('base64')}`, /key of k1 is shorter than 32 bytes/);
    refused(k1, /not <id>:<base64 key>/);
  });
});
