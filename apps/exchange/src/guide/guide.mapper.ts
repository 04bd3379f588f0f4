import type { GuideCategory } from '@igs/contracts';
import type { GuideRule } from '../catalog/catalog.rules.js';
import type { CategoryRow } from './guide.repository.js';

export function mapCategory(row: CategoryRow): GuideCategory {
  return { code: row.code, name: row.name, minGrade: row.min_grade, updatedAt: row.updated_at.toISOString() };
}

/** The guide as the catalog rules read it: each category's minimum grade. */
export function mapGuideRules(rows: Pick<CategoryRow, 'code' | 'min_grade'>[]): Map<string, GuideRule> {
  return new Map(rows.map((row) => [row.code, { minGrade: row.min_grade }]));
}
