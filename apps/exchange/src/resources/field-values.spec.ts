import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CatalogField } from '@igs/contracts';
import { normalizeValue } from './field-values.js';

const field = (type: CatalogField['type'], piType: CatalogField['piType'] = null) => ({ name: 'f', type, piType }) as CatalogField;

describe(normalizeValue.name, () => {
  it('keeps a calendar date as it is, leap days included', () => {
    for (const date of ['1990-03-07', '2000-02-29', '2024-02-29', '0099-12-31', '9999-12-31', ' 1990-03-07 ']) {
      assert.deepEqual(normalizeValue(field('date'), date), { ok: true, value: date.trim() }, date);
    }
  });

  it('reports a date that is not on the calendar instead of throwing', () => {
    for (const date of ['1990-02-30', '1900-02-29', '2023-02-29', '2024-13-01', '2024-00-10', '2024-04-31', '2024-04-00', '1990-3-07', '19900307', 'soon']) {
      assert.deepEqual(normalizeValue(field('date'), date), { ok: false, reason: 'is not a date (YYYY-MM-DD)' }, date);
    }
  });

  it('writes an ID number one way however it was typed, and leaves other text as it is', () => {
    for (const typed of ['15010219900307123X', '15010219900307123x', ' 150102 19900307 123x ']) {
      assert.deepEqual(normalizeValue(field('string', 'id_number'), typed), { ok: true, value: '15010219900307123X' }, typed);
    }
    assert.deepEqual(normalizeValue(field('string', 'address'), ' 示例路 1号 x '), { ok: true, value: '示例路 1号 x' });
  });

  it('refuses text PostgreSQL cannot store, so one such value rejects its own row rather than its batch', () => {
    for (const [typed, reason] of [
      ['示例\u0000路', 'must not hold NUL (U+0000)'],
      ['示例\uD800路', 'must not hold a lone surrogate (half of a UTF-16 pair)'],
      ['示例\u001B路', 'must not hold the control character U+001B'],
    ]) {
      assert.deepEqual(normalizeValue(field('string', 'address'), typed), { ok: false, reason }, JSON.stringify(typed));
    }
  });
});
