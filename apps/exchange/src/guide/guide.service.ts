import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { exchangeEvents, scopes, type Caller, type GuideCategory } from '@igs/contracts';
import { requireScope, UnitOfWork } from '@igs/platform';
import type { DataSource } from 'typeorm';
import { catalogViolations, type GuideRule } from '../catalog/catalog.rules.js';
import { CatalogRepository, type CatalogRow } from '../catalog/catalog.repository.js';
import { specOf } from '../catalog/catalog.mapper.js';

interface CategoryRow {
  code: string;
  name: string;
  min_grade: number;
  updated_at: Date;
}

/** The classification guide: rules as data, kept by the platform administrator. */
@Injectable()
export class GuideService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalogs: CatalogRepository,
    private readonly uow: UnitOfWork,
  ) {}

  async rules(): Promise<Map<string, GuideRule>> {
    const rows: CategoryRow[] = await this.dataSource.query('SELECT code, min_grade FROM exchange.guide_categories');
    return new Map(rows.map((row) => [row.code, { minGrade: row.min_grade }]));
  }

  async list(caller: Caller): Promise<{ categories: GuideCategory[] }> {
    requireScope(caller, scopes.exchangeRead);
    const rows: CategoryRow[] = await this.dataSource.query('SELECT * FROM exchange.guide_categories ORDER BY code');
    return { categories: rows.map(mapCategory) };
  }

  /** Creates or changes a category, then checks again every catalog with a field in it. */
  async put(code: string, name: string, minGrade: number, caller: Caller) {
    requireScope(caller, scopes.exchangeAdmin);
    return this.uow.run(async (tx) => {
      const [row]: CategoryRow[] = await tx.manager.query(
        `INSERT INTO exchange.guide_categories (code, name, min_grade) VALUES ($1, $2, $3)
         ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, min_grade = EXCLUDED.min_grade, updated_at = now() RETURNING *`,
        [code, name, minGrade],
      );
      const category = mapCategory(row);
      await tx.publish(exchangeEvents.guideChanged, category, caller);

      const rules = new Map((await tx.manager.query('SELECT code, min_grade FROM exchange.guide_categories') as CategoryRow[]).map((r) => [r.code, { minGrade: r.min_grade }]));
      const affected: CatalogRow[] = await tx.manager.query(
        `SELECT c.* FROM exchange.catalogs c
         WHERE c.status <> 'retired' AND EXISTS (SELECT 1 FROM exchange.catalog_fields f WHERE f.catalog_id = c.id AND f.category = $1)
         ORDER BY c.code FOR UPDATE`,
        [code],
      );
      const fields = await this.catalogs.fieldsOf(affected.map((row) => row.id), tx.manager);
      const nonCompliant: string[] = [];
      const updates: { id: string; violations: string[] }[] = [];
      for (const row of affected) {
        const violations = catalogViolations(specOf(row, fields.get(row.id) ?? []), rules).map((v) => `${v.field}: ${v.message}`);
        if (violations.join('\n') !== row.violations.join('\n')) updates.push({ id: row.id, violations });
        if (violations.length === 0) continue;
        nonCompliant.push(row.code);
        if (violations.join('\n') !== row.violations.join('\n')) await tx.publish(exchangeEvents.catalogNonCompliant, { code: row.code, violations }, caller);
      }
      if (updates.length > 0) {
        // One statement for every changed catalog; violations travel as JSON arrays of text.
        await tx.manager.query(
          `UPDATE exchange.catalogs c SET violations = ARRAY(SELECT jsonb_array_elements_text(u.violations)), updated_at = now()
           FROM unnest($1::bigint[], $2::jsonb[]) AS u(id, violations) WHERE c.id = u.id`,
          [updates.map((u) => u.id), updates.map((u) => JSON.stringify(u.violations))],
        );
      }
      return { category, catalogsChecked: affected.length, catalogsNonCompliant: nonCompliant };
    });
  }
}

function mapCategory(row: CategoryRow): GuideCategory {
  return { code: row.code, name: row.name, minGrade: row.min_grade, updatedAt: row.updated_at.toISOString() };
}
