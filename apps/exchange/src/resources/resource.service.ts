import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { scopes, type Caller } from '@igs/contracts';
import { AppError, requireDepartment, requireScope, UnitOfWork } from '@igs/platform';
import { CatalogRepository } from '../catalog/catalog.repository.js';
import { RowPreparers } from './row-preparers.js';

/**
 * Loading a catalog's data resource. The clear value of a personal field is never stored:
 * it becomes a keyed token, plus a sealed original where the field's policy may return it.
 * Rows are upserted by their key, so loading the same file twice changes nothing.
 */
@Injectable()
export class ResourceService {
  constructor(
    private readonly catalogs: CatalogRepository,
    private readonly preparers: RowPreparers,
    private readonly uow: UnitOfWork,
  ) {}

  async loadBatch(catalogCode: string, loadId: string, sourceSystem: string | undefined, rows: { line: number; values: Record<string, unknown> }[], caller: Caller) {
    requireScope(caller, scopes.exchangeCatalog);
    const catalog = await this.catalogs.findByCode(catalogCode);
    if (!catalog) throw new AppError('EXCHANGE.CATALOG_NOT_FOUND', `no catalog ${catalogCode}`);
    requireDepartment(caller, catalog.provider_department, `the data of catalog ${catalogCode}`);
    if (catalog.status === 'retired') throw new AppError('EXCHANGE.INVALID_TRANSITION', `catalog ${catalogCode} is retired`);
    const fields = (await this.catalogs.fieldsOf([catalog.id])).get(catalog.id) ?? [];
    const batchId = randomUUID();
    const { wrappedDataKey, rowCount, document, rejected } = await this.preparers.prepare({ batchId, keyFields: catalog.key_fields, fields, rows });
    if (rowCount > 0) {
      await this.uow.run(async (tx) => {
        await tx.manager.query(
          `INSERT INTO exchange.resource_batches (id, load_id, catalog_id, source_system, loaded_by, data_key, rows_accepted) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [batchId, loadId, catalog.id, sourceSystem ?? catalog.source_system, caller.subject, wrappedDataKey, rowCount],
        );
        // The rows go as one JSON document: pg would otherwise escape every payload as an
        // array element, several percent of a load's CPU. pg sends a Buffer in binary format,
        // which for json is the UTF-8 text itself (jsonb's would need a version byte).
        await tx.manager.query(
          `INSERT INTO exchange.resource_rows (catalog_id, key_token, payload, batch_id)
           SELECT $1, r.key_token, r.payload, $2 FROM json_to_recordset($3::json) AS r(key_token text, payload json)
           ON CONFLICT (catalog_id, key_token) DO UPDATE SET payload = EXCLUDED.payload, batch_id = EXCLUDED.batch_id`,
          [catalog.id, batchId, Buffer.from(document.buffer, document.byteOffset, document.byteLength)],
        );
      });
    }
    return { accepted: rows.length - rejected.length, rejected };
  }
}
