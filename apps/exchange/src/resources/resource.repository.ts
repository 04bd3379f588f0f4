import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/** A loaded batch as it is recorded: its wrapped data key and how many rows it holds. */
export interface NewResourceBatch {
  id: string;
  loadId: string;
  catalogId: string;
  sourceSystem: string;
  loadedBy: string;
  wrappedDataKey: string;
  rowsAccepted: number;
}

/** Queries on a catalog's data resource. */
@Injectable()
export class ResourceRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The batch's data key as it was recorded, still wrapped; undefined if no batch has the id. */
  async wrappedDataKey(batchId: string): Promise<string | undefined> {
    const [row] = (await this.dataSource.query('SELECT data_key FROM exchange.resource_batches WHERE id = $1', [batchId])) as {
      data_key: string;
    }[];
    return row?.data_key;
  }

  /** Records the batch and upserts its rows by key, in the caller's transaction. */
  async insertBatch(manager: EntityManager, batch: NewResourceBatch, document: Uint8Array): Promise<void> {
    await manager.query(
      `INSERT INTO exchange.resource_batches (id, load_id, catalog_id, source_system, loaded_by, data_key, rows_accepted) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [batch.id, batch.loadId, batch.catalogId, batch.sourceSystem, batch.loadedBy, batch.wrappedDataKey, batch.rowsAccepted],
    );
    // The rows go as one JSON document: pg would otherwise escape every payload as an
    // array element, several percent of a load's CPU. pg sends a Buffer in binary format,
    // which for json is the UTF-8 text itself (jsonb's would need a version byte).
    await manager.query(
      `INSERT INTO exchange.resource_rows (catalog_id, key_token, payload, batch_id)
       SELECT $1, r.key_token, r.payload, $2 FROM json_to_recordset($3::json) AS r(key_token text, payload json)
       ON CONFLICT (catalog_id, key_token) DO UPDATE SET payload = EXCLUDED.payload, batch_id = EXCLUDED.batch_id`,
      [batch.catalogId, batch.id, Buffer.from(document.buffer, document.byteOffset, document.byteLength)],
    );
  }
}
