import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Resource rows keep their provenance without a foreign-key check per row.
 *
 * The two foreign keys of resource_rows (to its catalog and to its load batch) ran one
 * trigger per inserted row: on a bulk load they cost 11 µs a row, more than the insert
 * itself and a third of PostgreSQL's work in a load of a million rows. The guarantee they
 * gave is kept another way, checked once per batch rather than once per row:
 * - load batches are append-only: a trigger refuses to delete, truncate or re-key them, so a
 *   row's batch always exists;
 * - a batch references its catalog (a foreign key checked once per batch), so neither can
 *   a catalog with loaded data be deleted;
 * - rows are written only by the load, in the transaction that inserts their batch, with the
 *   batch's own catalog id.
 */
export class ResourceBatchesAppendOnly1764130000006 implements MigrationInterface {
  readonly name = 'ResourceBatchesAppendOnly1764130000006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION exchange.refuse_resource_batch_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'resource batches are the provenance of loaded rows: they are never deleted or re-keyed'
          USING ERRCODE = 'restrict_violation';
      END $$`);
    await q.query(`
      CREATE TRIGGER resource_batches_append_only BEFORE DELETE OR UPDATE OF id, catalog_id ON exchange.resource_batches
        FOR EACH ROW EXECUTE FUNCTION exchange.refuse_resource_batch_change()`);
    await q.query(`
      CREATE TRIGGER resource_batches_no_truncate BEFORE TRUNCATE ON exchange.resource_batches
        FOR EACH STATEMENT EXECUTE FUNCTION exchange.refuse_resource_batch_change()`);
    await q.query('ALTER TABLE exchange.resource_rows DROP CONSTRAINT resource_rows_batch_id_fkey, DROP CONSTRAINT resource_rows_catalog_id_fkey');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE exchange.resource_rows
        ADD CONSTRAINT resource_rows_catalog_id_fkey FOREIGN KEY (catalog_id) REFERENCES exchange.catalogs (id),
        ADD CONSTRAINT resource_rows_batch_id_fkey FOREIGN KEY (batch_id) REFERENCES exchange.resource_batches (id)`);
    await q.query('DROP TRIGGER resource_batches_no_truncate ON exchange.resource_batches');
    await q.query('DROP TRIGGER resource_batches_append_only ON exchange.resource_batches');
    await q.query('DROP FUNCTION exchange.refuse_resource_batch_change()');
  }
}
