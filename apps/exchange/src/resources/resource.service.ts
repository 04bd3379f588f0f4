import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { scopes, type Caller } from '@igs/contracts';
import { AppError, requireDepartment, requireScope, UnitOfWork } from '@igs/platform';
import { CatalogRepository } from '../catalog/catalog.repository.js';
import { ResourceRepository } from './resource.repository.js';
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
    private readonly resources: ResourceRepository,
    private readonly uow: UnitOfWork,
  ) {}

  async loadBatch(
    catalogCode: string,
    loadId: string,
    sourceSystem: string | undefined,
    rows: { line: number; values: Record<string, unknown> }[],
    caller: Caller,
  ) {
    requireScope(caller, scopes.exchangeCatalog);
    const catalog = await this.catalogs.findByCode(catalogCode);
    if (!catalog) throw new AppError('EXCHANGE.CATALOG_NOT_FOUND', `no catalog ${catalogCode}`);
    requireDepartment(caller, catalog.provider_department, `the data of catalog ${catalogCode}`);
    if (catalog.status === 'retired') throw new AppError('EXCHANGE.INVALID_TRANSITION', `catalog ${catalogCode} is retired`);
    const fields = await this.catalogs.fieldsOfOne(catalog.id);
    const batchId = randomUUID();
    const { wrappedDataKey, rowCount, document, rejected } = await this.preparers.prepare({ batchId, keyFields: catalog.key_fields, fields, rows });
    if (rowCount > 0) {
      const batch = {
        id: batchId,
        loadId,
        catalogId: catalog.id,
        sourceSystem: sourceSystem ?? catalog.source_system,
        loadedBy: caller.subject,
        wrappedDataKey,
        rowsAccepted: rowCount,
      };
      await this.uow.run((tx) => this.resources.insertBatch(tx.manager, batch, document));
    }
    return { accepted: rows.length - rejected.length, rejected };
  }
}
