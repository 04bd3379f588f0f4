import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Catalog, CatalogField, CatalogSearchQuery, CatalogSpec } from '@igs/contracts';
import { pagedQuery, SqlFilter } from '@igs/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { mapCatalogField } from './catalog.mapper.js';

export interface CatalogRow {
  id: string;
  code: string;
  name: string;
  description: string;
  provider_department: string;
  source_system: string;
  share_type: Catalog['shareType'];
  open_type: Catalog['openType'];
  update_frequency: Catalog['updateFrequency'];
  key_fields: string[];
  status: Catalog['status'];
  version: number;
  revision: number;
  violations: string[];
  created_at: Date;
  updated_at: Date;
  published_at: Date | null;
  field_count?: string;
  total?: string;
}

export interface FieldRow {
  catalog_id: string;
  name: string;
  label: string;
  type: CatalogField['type'];
  category: string;
  grade: number;
  pi_type: CatalogField['piType'];
  policy: CatalogField['policy'];
}

/**
 * A catalog's own attributes by column: the one place a column meets its value in a spec.
 * Drafts are written as JSON read into the table's row type, so an attribute added to the
 * contract is added here and in the mapper, and no statement's positional parameters move.
 */
const attributeOf = {
  name: (spec) => spec.name,
  description: (spec) => spec.description,
  provider_department: (spec) => spec.providerDepartment,
  source_system: (spec) => spec.sourceSystem,
  share_type: (spec) => spec.shareType,
  open_type: (spec) => spec.openType,
  update_frequency: (spec) => spec.updateFrequency,
  key_fields: (spec) => spec.keyFields,
} satisfies Partial<Record<keyof CatalogRow, (spec: CatalogSpec) => unknown>>;
const attributeColumns = Object.keys(attributeOf);

function attributesOf(spec: CatalogSpec): Record<string, unknown> {
  return Object.fromEntries(Object.entries(attributeOf).map(([column, pick]) => [column, pick(spec)]));
}

/** Catalog queries; many catalogs are written per statement, so a bulk import is a few round trips. */
@Injectable()
export class CatalogRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Inserts drafts; codes that exist already are skipped and left out of the answer. */
  async insertDrafts(manager: EntityManager, catalogs: (CatalogSpec & { code: string })[], createdBy: string): Promise<Map<string, string>> {
    const inserted: { id: string; code: string }[] = await manager.query(
      `INSERT INTO exchange.catalogs (code, ${attributeColumns.join(', ')}, status, created_by)
       SELECT c.code, ${attributeColumns.map((column) => `c.${column}`).join(', ')}, 'draft', $2
       FROM json_populate_recordset(NULL::exchange.catalogs, $1::json) AS c
       ON CONFLICT (code) DO NOTHING RETURNING id, code`,
      [JSON.stringify(catalogs.map((catalog) => ({ code: catalog.code, ...attributesOf(catalog) }))), createdBy],
    );
    const ids = new Map(inserted.map((row) => [row.code, row.id]));
    await this.insertFields(
      manager,
      catalogs.flatMap((catalog) => (ids.has(catalog.code) ? catalog.fields.map((field, position) => ({ id: ids.get(catalog.code)!, position, field })) : [])),
    );
    return ids;
  }

  private async insertFields(manager: EntityManager, fields: { id: string; position: number; field: CatalogField }[]): Promise<void> {
    if (fields.length > 0) {
      await manager.query(
        `INSERT INTO exchange.catalog_fields (catalog_id, position, name, label, type, category, grade, pi_type, policy)
         SELECT * FROM unnest($1::bigint[], $2::smallint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::smallint[], $8::text[], $9::text[])`,
        [
          fields.map((f) => f.id),
          fields.map((f) => f.position),
          fields.map((f) => f.field.name),
          fields.map((f) => f.field.label),
          fields.map((f) => f.field.type),
          fields.map((f) => f.field.category),
          fields.map((f) => f.field.grade),
          fields.map((f) => f.field.piType),
          fields.map((f) => f.field.policy),
        ],
      );
    }
  }

  /** Replaces a draft's attributes and fields in place. */
  async replaceDraft(manager: EntityManager, id: string, spec: CatalogSpec): Promise<void> {
    await manager.query(
      `UPDATE exchange.catalogs SET (${attributeColumns.join(', ')}) =
         (SELECT ${attributeColumns.map((column) => `c.${column}`).join(', ')} FROM json_populate_record(NULL::exchange.catalogs, $2::json) AS c),
         revision = revision + 1, updated_at = now()
       WHERE id = $1`,
      [id, JSON.stringify(attributesOf(spec))],
    );
    await manager.query('DELETE FROM exchange.catalog_fields WHERE catalog_id = $1', [id]);
    await this.insertFields(
      manager,
      spec.fields.map((field, position) => ({ id, position, field })),
    );
  }

  /** The catalog with the code, locked until the transaction ends when `lock` is set. */
  async findByCode(code: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<CatalogRow | undefined> {
    const [row]: CatalogRow[] = await manager.query(`SELECT * FROM exchange.catalogs WHERE code = $1${lock ? ' FOR UPDATE' : ''}`, [code]);
    return row;
  }

  async fieldsOf(catalogIds: string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, CatalogField[]>> {
    const rows: FieldRow[] = await manager.query('SELECT * FROM exchange.catalog_fields WHERE catalog_id = ANY($1::bigint[]) ORDER BY catalog_id, position', [
      catalogIds,
    ]);
    const byCatalog = new Map<string, CatalogField[]>();
    for (const row of rows) byCatalog.set(row.catalog_id, [...(byCatalog.get(row.catalog_id) ?? []), mapCatalogField(row)]);
    return byCatalog;
  }

  /** The fields of one catalog, in their order. */
  async fieldsOfOne(catalogId: string, manager: EntityManager = this.dataSource.manager): Promise<CatalogField[]> {
    return (await this.fieldsOf([catalogId], manager)).get(catalogId) ?? [];
  }

  /** A draft becomes published: its violations are cleared, since it was just checked. */
  async markPublished(manager: EntityManager, id: string): Promise<void> {
    await manager.query(
      `UPDATE exchange.catalogs SET status = 'published', revision = revision + 1, published_at = now(), updated_at = now(), violations = '{}' WHERE id = $1`,
      [id],
    );
  }

  async markRetired(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`UPDATE exchange.catalogs SET status = 'retired', revision = revision + 1, updated_at = now() WHERE id = $1`, [id]);
  }

  async search(query: CatalogSearchQuery): Promise<{ rows: CatalogRow[]; total: number }> {
    const filter = new SqlFilter()
      .contains('c.name', query.q)
      .equals('c.provider_department', query.provider)
      .equals('c.share_type', query.shareType)
      .equals('c.status', query.status)
      .nested(
        (fields) => fields.equals('f.category', query.category).equals('f.grade', query.grade),
        (conditions) => `EXISTS (SELECT 1 FROM exchange.catalog_fields f WHERE f.catalog_id = c.id AND ${conditions})`,
      );
    return pagedQuery<CatalogRow>(
      this.dataSource,
      `SELECT c.*, count(*) OVER () AS total, (SELECT count(*) FROM exchange.catalog_fields f WHERE f.catalog_id = c.id) AS field_count
       FROM exchange.catalogs c ${filter.where} ORDER BY c.code`,
      filter.params,
      query,
    );
  }
}
