import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { CatalogRow } from '../catalog/catalog.repository.js';

export interface CategoryRow {
  code: string;
  name: string;
  min_grade: number;
  updated_at: Date;
}

/** Queries on the classification guide, and on the catalogs a change of it touches. */
@Injectable()
export class GuideRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  categories(manager: EntityManager = this.dataSource.manager): Promise<CategoryRow[]> {
    return manager.query('SELECT * FROM exchange.guide_categories ORDER BY code');
  }

  async putCategory(manager: EntityManager, code: string, name: string, minGrade: number): Promise<CategoryRow> {
    const [row]: CategoryRow[] = await manager.query(
      `INSERT INTO exchange.guide_categories (code, name, min_grade) VALUES ($1, $2, $3)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, min_grade = EXCLUDED.min_grade, updated_at = now() RETURNING *`,
      [code, name, minGrade],
    );
    return row;
  }

  /** Catalogs still in force with a field in the category, locked until the transaction ends. */
  lockCatalogsUsing(manager: EntityManager, category: string): Promise<CatalogRow[]> {
    return manager.query(
      `SELECT c.* FROM exchange.catalogs c
       WHERE c.status <> 'retired' AND EXISTS (SELECT 1 FROM exchange.catalog_fields f WHERE f.catalog_id = c.id AND f.category = $1)
       ORDER BY c.code FOR UPDATE`,
      [category],
    );
  }

  /** One statement for every changed catalog; violations travel as JSON arrays of text. */
  async setViolations(manager: EntityManager, updates: { id: string; violations: string[] }[]): Promise<void> {
    if (updates.length === 0) return;
    await manager.query(
      `UPDATE exchange.catalogs c SET violations = ARRAY(SELECT jsonb_array_elements_text(u.violations)), updated_at = now()
       FROM unnest($1::bigint[], $2::jsonb[]) AS u(id, violations) WHERE c.id = u.id`,
      [updates.map((u) => u.id), updates.map((u) => JSON.stringify(u.violations))],
    );
  }
}
