import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateDockingUsage1764130000004 implements MigrationInterface {
  readonly name = 'CreateDockingUsage1764130000004';

  async up(q: QueryRunner): Promise<void> {
    // Allowed calls per docking entry and day, counted in the transaction of the audit batch
    // that records them: every replica reads the same counts for the daily quota.
    await q.query(`
      CREATE TABLE exchange.docking_usage (
        docking_id uuid NOT NULL,
        day date NOT NULL,
        calls bigint NOT NULL,
        PRIMARY KEY (day, docking_id)
      )`);
    await q.query('ALTER TABLE exchange.call_audit ADD COLUMN docking_id uuid');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE exchange.call_audit DROP COLUMN docking_id');
    await q.query('DROP TABLE exchange.docking_usage');
  }
}
