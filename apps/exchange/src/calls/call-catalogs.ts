import { Injectable } from '@nestjs/common';
import type { CatalogField } from '@igs/contracts';
import { CatalogRepository, type CatalogRow } from '../catalog/catalog.repository.js';
import { AuthorizationCopy } from './authorization-copy.js';

export interface CallCatalog {
  row: CatalogRow;
  fields: Map<string, CatalogField>;
}

/**
 * Catalogs as the call path needs them, read once and kept: a published catalog changes
 * only by retirement (or a guide change), and each of those is an event that drops it.
 */
@Injectable()
export class CallCatalogs {
  private readonly cache = new Map<string, Promise<CallCatalog | undefined>>();

  constructor(
    private readonly catalogs: CatalogRepository,
    copy: AuthorizationCopy,
  ) {
    copy.onCatalogChanged((code) => this.cache.delete(code));
  }

  get(code: string): Promise<CallCatalog | undefined> {
    let entry = this.cache.get(code);
    if (!entry) {
      entry = this.load(code);
      this.cache.set(code, entry);
      // A catalog not published yet is not kept: its publication must be seen at once.
      void entry.then((catalog) => (catalog?.row.status === 'published' ? undefined : this.cache.delete(code)), () => this.cache.delete(code));
    }
    return entry;
  }

  private async load(code: string): Promise<CallCatalog | undefined> {
    const row = await this.catalogs.findByCode(code);
    if (!row) return undefined;
    const fields = (await this.catalogs.fieldsOf([row.id])).get(row.id) ?? [];
    return { row, fields: new Map(fields.map((field) => [field.name, field])) };
  }
}
