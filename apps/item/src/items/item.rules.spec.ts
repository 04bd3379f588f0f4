import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ItemSpec } from '@igs/contracts';
import { AppError } from '@igs/platform';
import { checkItemSpec } from './item.rules.js';

const spec: ItemSpec = {
  name: '社会保障卡申领',
  kind: 'public_service',
  departmentCode: 'HRSS',
  level: 'region',
  divisionCode: '150000',
  legalBasis: '《中华人民共和国社会保险法》',
  materials: [{ name: '居民身份证', required: true, form: 'original' }],
  statutoryDays: 10,
  promisedDays: 5,
  fee: null,
  onlineDepth: 2,
  channels: ['counter'],
};

function fieldsRefused(value: ItemSpec): string[] {
  try {
    checkItemSpec(value);
    return [];
  } catch (error) {
    assert.ok(error instanceof AppError);
    assert.equal(error.code, 'PLATFORM.VALIDATION');
    return (error.details as { errors: { field: string }[] }).errors.map((e) => e.field);
  }
}

describe(checkItemSpec.name, () => {
  it('accepts a consistent item', () => {
    assert.deepEqual(fieldsRefused(spec), []);
  });

  it('refuses a promise longer than the statutory limit', () => {
    assert.deepEqual(fieldsRefused({ ...spec, promisedDays: 11 }), ['promisedDays']);
  });

  it('refuses the same material twice', () => {
    assert.deepEqual(fieldsRefused({ ...spec, materials: [spec.materials[0], spec.materials[0]] }), ['materials']);
  });

  it('refuses an online depth of 3 or more with only the counter channel', () => {
    assert.deepEqual(fieldsRefused({ ...spec, onlineDepth: 3 }), ['channels']);
    assert.deepEqual(fieldsRefused({ ...spec, onlineDepth: 3, channels: ['mobile'] }), []);
  });

  it('reports every broken rule at once', () => {
    assert.deepEqual(fieldsRefused({ ...spec, promisedDays: 11, onlineDepth: 4 }), ['promisedDays', 'channels']);
  });
});
