import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit record of a call that found its row keeps the row's load batch: the batch
 * names the source system, the load and its time, so an answer can be traced to the data
 * it came from even after a later load has replaced the row.
 *
 * No foreign key: load batches are never deleted (see the append-only migration), and a
 * key check on every audit insert is a cost the hot path need not pay. A nullable column
 * without a default is added without rewriting the partitions.
 */
export class CallAuditSourceBatch1764130000009 implements MigrationInterface {
  readonly name = 'CallAuditSourceBatch1764130000009';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE exchange.call_audit ADD COLUMN source_batch uuid');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE exchange.call_audit DROP COLUMN source_batch');
  }
}
