import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { migrate } from './migrate.js';

const adminUrl = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

class SlowMigration1700000000000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query('SELECT pg_sleep(0.3)');
    await q.query('CREATE TABLE spec.things (id int PRIMARY KEY)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE spec.things');
  }
}

describe(migrate.name, () => {
  const name = `igs_migrate_${randomBytes(5).toString('hex')}`;
  const url = Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
  const admin = new pg.Client({ connectionString: adminUrl });
  const replica = () =>
    new DataSource({
      type: 'postgres',
      url,
      schema: 'spec',
      migrations: [SlowMigration1700000000000],
      migrationsTableName: 'migrations',
      extra: { max: 3 },
    }).initialize();

  before(async () => {
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
  });
  after(async () => {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  });

  it('runs the migrations of replicas started together once, and holds its lock in a transaction, so that nothing stays locked through a pooler', async () => {
    const replicas = await Promise.all([replica(), replica(), replica()]);
    await Promise.all(replicas.map((dataSource) => migrate(dataSource, 'spec')));
    const [{ count }] = await replicas[0].query(`SELECT count(*)::int AS count FROM spec.migrations`);
    assert.equal(count, 1);
    const locks = await admin.query(
      `SELECT count(*)::int AS count FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND d.datname = $1`,
      [name],
    );
    assert.equal(locks.rows[0].count, 0, 'no advisory lock outlives the migration');
    await Promise.all(replicas.map((dataSource) => dataSource.destroy()));
  });
});
