import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DataKey } from '@igs/crypto';
import { createTestDatabase, memoryLogger, startTestNats, withClient, type TestDatabase, type TestNats } from '@igs/testing';
import pg from 'pg';
import { loadExchangeConfig } from '../src/config.js';
import { createExchangeApp } from '../src/exchange-app.js';
import { dataKeks } from '../src/exchange.options.js';
import { rewrapExchangeEnvelopes } from '../src/resources/kek-rewrap.js';

describe('rotating the exchange KEK', () => {
  let nats: TestNats;
  let db: TestDatabase;
  let pool: pg.Pool;
  const k1 = { id: 'k1', key: randomBytes(32) };
  const k2 = { id: 'k2', key: randomBytes(32) };
  const configWith = (kek: Record<string, string>) => loadExchangeConfig({ ...nats.envFor('exchange'), DATABASE_URL: db.url, ...kek });
  const batches = new Map<string, { sealed: string; value: string }>();

  before(async () => {
    db = await createTestDatabase('exchangekek');
    nats = await startTestNats();
    // The exchange migrates its schema as it starts.
    const app = await createExchangeApp(configWith({ DATA_KEK: k1.key.toString('base64'), DATA_KEK_ID: 'k1' }), memoryLogger('exchange').logger);
    await app.init();
    await app.close();
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
    // Loaded batches under k1: a data key each, and a value sealed with it as a load seals rows.
    await withClient(db.url, async (client) => {
      // The batches' catalog plays no part in re-wrapping their keys: its foreign key is not checked here.
      await client.query("SET session_replication_role = 'replica'");
      for (let i = 0; i < 3; i += 1) {
        const batchId = randomUUID();
        const dataKey = DataKey.create(k1, batchId, i === 2 ? 'sm4-ctr-hmac-sm3' : 'aes-256-gcm');
        const value = `1380047100${i}`;
        batches.set(batchId, { sealed: dataKey.seal(value, 'row-1:mobile'), value });
        await client.query(
          `INSERT INTO exchange.resource_batches (id, load_id, catalog_id, source_system, loaded_by, data_key, rows_accepted) VALUES ($1, $2, 1, 'spec', 'spec', $3, 1)`,
          [batchId, randomUUID(), dataKey.wrapped],
        );
      }
    });
  });
  after(async () => {
    await pool?.end();
    await nats?.stop();
    await db?.drop();
  });

  const dataKeyRows = async () => (await pool.query<{ id: string; data_key: string }>('SELECT id, data_key FROM exchange.resource_batches ORDER BY id')).rows;

  it('opens the data keys of batches loaded under the old KEK during the rotation, re-wraps them, and then needs only the new one', async () => {
    const rotating = configWith({ DATA_KEK: k2.key.toString('base64'), DATA_KEK_ID: 'k2', DATA_KEK_PREVIOUS: `k1:${k1.key.toString('base64')}` });
    for (const row of await dataKeyRows()) {
      assert.equal(DataKey.unwrap(dataKeks(rotating), row.data_key, row.id).open(batches.get(row.id)!.sealed, 'row-1:mobile'), batches.get(row.id)!.value);
    }
    const [done] = await rewrapExchangeEnvelopes(pool, rotating);
    assert.deepEqual(done, { column: 'exchange.resource_batches.data_key', rewrapped: 3 });
    const [again] = await rewrapExchangeEnvelopes(pool, rotating);
    assert.equal(again.rewrapped, 0);

    const rotated = configWith({ DATA_KEK: k2.key.toString('base64'), DATA_KEK_ID: 'k2' });
    for (const row of await dataKeyRows()) {
      assert.equal(row.data_key.split('.')[2], 'k2');
      // The sealed values of the rows are untouched and open with the re-wrapped data key.
      assert.equal(DataKey.unwrap(dataKeks(rotated), row.data_key, row.id).open(batches.get(row.id)!.sealed, 'row-1:mobile'), batches.get(row.id)!.value);
    }
  });

  it('fails naming the batch and the KEK it cannot open, and leaves the keys as they were', async () => {
    const before = await dataKeyRows();
    const k3 = randomBytes(32).toString('base64');
    await assert.rejects(
      rewrapExchangeEnvelopes(pool, configWith({ DATA_KEK: k3, DATA_KEK_ID: 'k3' })),
      /exchange\.resource_batches\.data_key of id [0-9a-f-]{36}: key-encryption key k2 is not configured/,
    );
    assert.throws(
      () => DataKey.unwrap(dataKeks(configWith({ DATA_KEK: k3, DATA_KEK_ID: 'k2' })), before[0].data_key, before[0].id),
      /key-encryption key k2 does not open/,
    );
    assert.deepEqual(await dataKeyRows(), before);
  });
});
