import type { Catalog, CatalogField, CatalogPage, CatalogSpec } from '@igs/contracts';
import type { CatalogRow, FieldRow } from './catalog.repository.js';

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

/** A catalog as listed: its fields are counted, not repeated. */
export function mapCatalogSummary(row: CatalogRow): CatalogPage['catalogs'][number] {
  const { fields: _fields, ...catalog } = mapCatalog(row, []);
  return { ...catalog, fieldCount: Number(row.field_count ?? 0) };
}

export function mapCatalogField(row: FieldRow): CatalogField {
  return { name: row.name, label: row.label, type: row.type, category: row.category, grade: row.grade, piType: row.pi_type, policy: row.policy };
}
