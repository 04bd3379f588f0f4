import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateResources1764130000002 implements MigrationInterface {
  readonly name = 'CreateResources1764130000002';

  async up(q: QueryRunner): Promise<void> {
    // One row per loaded batch: where the data came from, and the batch's wrapped data key.
    await q.query(`
      CREATE TABLE exchange.resource_batches (
        id uuid PRIMARY KEY,
        load_id uuid NOT NULL,
        catalog_id bigint NOT NULL REFERENCES exchange.catalogs (id),
        source_system text NOT NULL,
        loaded_by text NOT NULL,
        loaded_at timestamptz NOT NULL DEFAULT now(),
        data_key text NOT NULL,
        rows_accepted int NOT NULL
      )`);
    // A data resource row, found by the keyed token of its key fields. Personal fields are
    // kept as keyed tokens, and sealed originals only where a policy may return them.
    await q.query(`
      CREATE TABLE exchange.resource_rows (
        catalog_id bigint NOT NULL REFERENCES exchange.catalogs (id),
        key_token text NOT NULL,
        -- {"clear": {field: value}, "tokens": {field: token}, "sealed": {field: sealed original}}
        payload jsonb NOT NULL,
        batch_id uuid NOT NULL REFERENCES exchange.resource_batches (id),
        PRIMARY KEY (catalog_id, key_token)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE exchange.resource_rows');
    await q.query('DROP TABLE exchange.resource_batches');
  }
}
