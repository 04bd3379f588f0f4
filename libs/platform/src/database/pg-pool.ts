import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * The pg pool behind a TypeORM data source. Hot paths (the data-call row reads and audit
 * batches) query it directly with named prepared statements: PostgreSQL parses and plans
 * them once per connection, and no TypeORM query runner is made per statement.
 */
export function pgPoolOf(dataSource: DataSource): Pool {
  const pool = (dataSource.driver as { master?: Pool }).master;
  if (!pool) throw new Error('the data source is not a connected PostgreSQL data source');
  return pool;
}
