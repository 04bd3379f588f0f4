import { Injectable } from '@nestjs/common';
import type { CatalogField } from '@igs/contracts';
import type { DataKey } from '@igs/crypto';
import { normalizeValue } from '../resources/field-values.js';
import { ResourceTokens } from '../resources/resource-tokens.js';
import type { StoredRow } from './audit-record.js';
import { mask } from './masks.js';

export type RenderedValue = string | number | boolean | null;

/**
 * A stored row's fields as one consumer department may see them, each by its policy: plain,
 * masked, tokenised for that department, or not at all (verify-only and never); and the
 * comparison of given values with a row, which is all that verify answers.
 */
@Injectable()
export class FieldRendering {
  constructor(private readonly tokens: ResourceTokens) {}

  /** The row's values of the named fields, rendered; a field whose value never leaves is left out. */
  renderRow(
    names: readonly string[],
    fields: ReadonlyMap<string, CatalogField>,
    row: StoredRow,
    department: string,
    dataKey: DataKey,
  ): Record<string, RenderedValue> {
    const answer: Record<string, RenderedValue> = {};
    for (const name of names) {
      const rendered = this.render(fields.get(name)!, row, department, dataKey);
      if (rendered !== undefined) answer[name] = rendered;
    }
    return answer;
  }

  /** Whether the given value is the row's; a value missing or not of the field's type never matches. */
  matches(field: CatalogField, row: StoredRow | undefined, given: unknown): boolean {
    const normalized = normalizeValue(field, given);
    if (!row || !normalized.ok || normalized.value === null) return false;
    return field.piType
      ? row.payload.tokens[field.name] === this.tokens.personal(field.piType, String(normalized.value))
      : row.payload.clear[field.name] === normalized.value;
  }

  private render(field: CatalogField, row: StoredRow, department: string, dataKey: DataKey): RenderedValue | undefined {
    if (field.policy === 'verify_only' || field.policy === 'never') return undefined;
    if (!field.piType) {
      const value = row.payload.clear[field.name] ?? null;
      if (value === null || field.policy === 'plain') return value;
      if (field.policy === 'masked') return mask(null, String(value));
      return this.tokens.forConsumer(department, this.tokens.personal('value', String(value)));
    }
    const token = row.payload.tokens[field.name];
    if (token === undefined) return null;
    if (field.policy === 'tokenised') return this.tokens.forConsumer(department, token);
    const sealed = row.payload.sealed[field.name];
    if (sealed === undefined) return null;
    const original = dataKey.open(sealed, `${row.batch_id}:${row.key_token}:${field.name}`);
    return field.policy === 'masked' ? mask(field.piType, original) : original;
  }
}
