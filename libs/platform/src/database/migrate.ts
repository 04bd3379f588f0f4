import type { DataSource } from 'typeorm';

/**
 * Creates the service's schema and runs its pending migrations, one replica at a time:
 * an advisory lock makes the others wait rather than race on the same DDL. The lock is held
 * by a transaction left open while the migrations run on other connections, not by a
 * session: through a pooler in transaction mode (PgBouncer) a session lock would be taken on
 * one server connection and released, or never, on another.
 */
export async function migrate(dataSource: DataSource, schema: string): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    await runner.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`igs.migrations.${schema}`]);
    await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await dataSource.runMigrations({ transaction: 'each' });
    await runner.commitTransaction();
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    throw error;
  } finally {
    await runner.release();
  }
}
