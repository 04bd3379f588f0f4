import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DockingUsageSlots1764130000005 implements MigrationInterface {
  readonly name = 'DockingUsageSlots1764130000005';

  async up(q: QueryRunner): Promise<void> {
    // Each audit writer counts into its own slot, so concurrent audit batches of one hot
    // docking entry never wait on each other's row lock; the day's usage is the slots' sum.
    await q.query('ALTER TABLE exchange.docking_usage ADD COLUMN slot integer NOT NULL DEFAULT 0');
    await q.query('ALTER TABLE exchange.docking_usage DROP CONSTRAINT docking_usage_pkey');
    await q.query('ALTER TABLE exchange.docking_usage ADD PRIMARY KEY (day, docking_id, slot)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE exchange.docking_usage_merged AS
        SELECT docking_id, day, sum(calls)::bigint AS calls FROM exchange.docking_usage GROUP BY day, docking_id`);
    await q.query('DROP TABLE exchange.docking_usage');
    await q.query('ALTER TABLE exchange.docking_usage_merged RENAME TO docking_usage');
    await q.query('ALTER TABLE exchange.docking_usage ALTER COLUMN calls SET NOT NULL, ADD PRIMARY KEY (day, docking_id)');
  }
}
