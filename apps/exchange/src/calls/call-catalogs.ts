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
  /** The published catalogs already read, for the calls that need not wait for a promise. */
  private readonly published = new Map<string, CallCatalog>();

  constructor(
    private readonly catalogs: CatalogRepository,
    copy: AuthorizationCopy,
  ) {
    copy.onCatalogChanged((code) => {
      this.cache.delete(code);
      this.published.delete(code);
    });
  }

  /** The catalog if it is published and already read; otherwise `get` reads it. */
  peek(code: string): CallCatalog | undefined {
    return this.published.get(code);
  }

  get(code: string): Promise<CallCatalog | undefined> {
    let entry = this.cache.get(code);
    if (!entry) {
      const loading = this.load(code);
      entry = loading;
      this.cache.set(code, loading);
      // A catalog not published yet is not kept: its publication must be seen at once. A
      // change heard while it was being read has already dropped the promise, and the
      // catalog read before that change is not kept either.
      const current = () => this.cache.get(code) === loading;
      void loading.then(
        (catalog) => {
          if (!current()) return;
          if (catalog?.row.status === 'published') this.published.set(code, catalog);
          else this.cache.delete(code);
        },
        () => current() && this.cache.delete(code),
      );
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
