import type { Catalog, CatalogField, CatalogSpec } from '@igs/contracts';
import type { CatalogRow } from './catalog.repository.js';

export function specOf(row: CatalogRow, fields: CatalogField[]): CatalogSpec {
  return {
    name: row.name,
    description: row.description,
    providerDepartment: row.provider_department,
    sourceSystem: row.source_system,
    shareType: row.share_type,
    openType: row.open_type,
    updateFrequency: row.update_frequency,
    keyFields: row.key_fields,
    fields,
  };
}

export function mapCatalog(row: CatalogRow, fields: CatalogField[]): Catalog {
  return {
    ...specOf(row, fields),
    code: row.code,
    status: row.status,
    version: row.version,
    revision: row.revision,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    publishedAt: row.published_at?.toISOString() ?? null,
  };
}
