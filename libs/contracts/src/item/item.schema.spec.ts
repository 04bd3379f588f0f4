import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CreateItemBody, ItemSearchQuery, UpdateItemBody } from './item.schema.js';

const valid = {
  code: '150000-HEALTH-0001',
  name: '出生医学证明办理',
  kind: 'public_service',
  departmentCode: 'HEALTH',
  level: 'region',
  divisionCode: '150000',
  legalBasis: '《中华人民共和国母婴保健法》第二十三条',
  materials: [{ name: '居民身份证', required: true, form: 'electronic_license', licenseTypeCode: 'ID_CARD' }],
  statutoryDays: 5,
  promisedDays: 1,
  fee: null,
  onlineDepth: 3,
  channels: ['web', 'counter'],
};

function badFields(value: unknown): string[] {
  const result = CreateItemBody.safeParse(value);
  assert.equal(result.success, false);
  return result.error!.issues.map((i) => i.path.join('.'));
}

describe('CreateItemBody', () => {
  it('accepts a complete item', () => {
    assert.equal(CreateItemBody.safeParse(valid).success, true);
  });

  it('keeps money as a decimal string with at most two decimals', () => {
    assert.equal(CreateItemBody.safeParse({ ...valid, fee: '12.50' }).success, true);
    assert.deepEqual(badFields({ ...valid, fee: 12.5 }), ['fee']);
    assert.deepEqual(badFields({ ...valid, fee: '12.505' }), ['fee']);
    assert.deepEqual(badFields({ ...valid, fee: '-1' }), ['fee']);
  });

  it('needs a license type for an electronic license material', () => {
    assert.deepEqual(badFields({ ...valid, materials: [{ name: '居民身份证', required: true, form: 'electronic_license' }] }), ['materials.0.licenseTypeCode']);
  });

  it('checks division codes, online depth, channels and unknown fields', () => {
    assert.deepEqual(badFields({ ...valid, divisionCode: '000000' }), ['divisionCode']);
    assert.deepEqual(badFields({ ...valid, divisionCode: '15000' }), ['divisionCode']);
    assert.deepEqual(badFields({ ...valid, onlineDepth: 5 }), ['onlineDepth']);
    assert.deepEqual(badFields({ ...valid, channels: [] }), ['channels']);
    assert.deepEqual(badFields({ ...valid, channels: ['web', 'web'] }), ['channels']);
    assert.deepEqual(badFields({ ...valid, colour: 'blue' }), ['']);
  });
});

describe('UpdateItemBody', () => {
  it('needs the revision and at least one change', () => {
    assert.equal(UpdateItemBody.safeParse({ revision: 3, name: '新名称' }).success, true);
    assert.equal(UpdateItemBody.safeParse({ revision: 3 }).success, false);
    assert.equal(UpdateItemBody.safeParse({ name: '新名称' }).success, false);
  });
});

describe('ItemSearchQuery', () => {
  it('reads numbers from the query string and caps the page size', () => {
    assert.deepEqual(ItemSearchQuery.parse({ page: '2', size: '50' }), { page: 2, size: 50 });
    assert.deepEqual(ItemSearchQuery.parse({}), { page: 1, size: 20 });
    assert.equal(ItemSearchQuery.safeParse({ size: '101' }).success, false);
  });
});
