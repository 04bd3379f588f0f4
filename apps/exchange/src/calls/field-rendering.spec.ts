import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CatalogField } from '@igs/contracts';
import { DataKey } from '@igs/crypto';
import { loadExchangeConfig } from '../config.js';
import { dataKeks } from '../exchange.options.js';
import { ResourceTokens } from '../resources/resource-tokens.js';
import type { StoredRow } from './audit-record.js';
import { FieldRendering } from './field-rendering.js';

const config = loadExchangeConfig({});
const tokens = new ResourceTokens(config);
const sut = new FieldRendering(tokens);
const batchId = '00000000-0000-4000-8000-000000000001';
const dataKey = DataKey.create(dataKeks(config)[0], batchId);

function field(name: string, type: CatalogField['type'], policy: CatalogField['policy'], piType: CatalogField['piType']): CatalogField {
  return { name, label: name, type, category: 'PERSON.BASIC', grade: 2, piType, policy };
}

const fields = new Map(
  [
    field('id_number', 'string', 'tokenised', 'id_number'),
    field('full_name', 'string', 'masked', 'name'),
    field('phone', 'string', 'plain', 'phone'),
    field('birth_date', 'date', 'plain', null),
    field('district', 'string', 'masked', null),
    field('blood_type', 'string', 'tokenised', null),
    field('vaccinated', 'boolean', 'verify_only', null),
    field('salary', 'integer', 'never', null),
    field('address', 'string', 'plain', 'address'),
  ].map((f) => [f.name, f]),
);

const keyToken = tokens.personal('id_number', '150102199003071237');
const sealed = (name: string, value: string) => dataKey.seal(value, `${batchId}:${keyToken}:${name}`);
const row: StoredRow = {
  batch_id: batchId,
  key_token: keyToken,
  payload: {
    clear: { birth_date: '1990-03-07', district: '新城区', blood_type: 'A', vaccinated: true, salary: 9000 },
    tokens: {
      id_number: keyToken,
      full_name: tokens.personal('name', '张三'),
      phone: tokens.personal('phone', '13800471001'),
      address: tokens.personal('address', '示例路1号'),
    },
    // The address is tokenised but its original was not kept: it renders as null.
    sealed: { full_name: sealed('full_name', '张三'), phone: sealed('phone', '13800471001') },
  },
};

describe(FieldRendering.name, () => {
  it('renders each field by its policy for the consumer department and leaves out what never leaves', () => {
    const answer = sut.renderRow([...fields.keys()], fields, row, 'HEALTH', dataKey);
    assert.deepEqual(answer, {
      id_number: tokens.forConsumer('HEALTH', keyToken),
      full_name: '张*',
      phone: '13800471001',
      birth_date: '1990-03-07',
      district: '***',
      blood_type: tokens.forConsumer('HEALTH', tokens.personal('value', 'A')),
      address: null,
    });
  });

  it('gives two departments tokens they cannot join', () => {
    const [health, tax] = ['HEALTH', 'TAX'].map((department) => sut.renderRow(['id_number'], fields, row, department, dataKey).id_number);
    assert.notEqual(health, tax);
  });

  it('renders only the fields named, and null for a value the row does not hold', () => {
    const sparse: StoredRow = { ...row, payload: { clear: {}, tokens: {}, sealed: {} } };
    assert.deepEqual(sut.renderRow(['full_name', 'birth_date', 'vaccinated'], fields, sparse, 'HEALTH', dataKey), { full_name: null, birth_date: null });
  });

  it('matches given values with the row, normalised as loaded, personal ones by their token', () => {
    assert.equal(sut.matches(fields.get('id_number')!, row, ' 150102199003071237 '), true);
    assert.equal(sut.matches(fields.get('full_name')!, row, '张三'), true);
    assert.equal(sut.matches(fields.get('full_name')!, row, '李四'), false);
    assert.equal(sut.matches(fields.get('vaccinated')!, row, 'true'), true);
    assert.equal(sut.matches(fields.get('salary')!, row, 9001), false);
  });

  it('never matches a missing row, a missing value or a value not of the type', () => {
    assert.equal(sut.matches(fields.get('full_name')!, undefined, '张三'), false);
    assert.equal(sut.matches(fields.get('full_name')!, row, ''), false);
    assert.equal(sut.matches(fields.get('salary')!, row, 'lots'), false);
  });

  it('refuses a sealed value opened for another field', () => {
    const swapped: StoredRow = { ...row, payload: { ...row.payload, sealed: { full_name: row.payload.sealed.phone } } };
    assert.throws(() => sut.renderRow(['full_name'], fields, swapped, 'HEALTH', dataKey));
  });
});
