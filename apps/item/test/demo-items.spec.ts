import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CreateItemBody } from '@igs/contracts';
import { checkItemSpec } from '../src/items/item.rules.js';

const demoFile = join(__dirname, '..', '..', '..', '..', 'deploy', 'demo', 'items.json');
const items = JSON.parse(readFileSync(demoFile, 'utf8')) as unknown[];

describe('demo items', () => {
  it('are all valid items that pass the service rules', () => {
    for (const [index, raw] of items.entries()) {
      const parsed = CreateItemBody.safeParse(raw);
      assert.ok(parsed.success, `item ${index}: ${JSON.stringify(parsed.error?.issues)}`);
      const { code: _code, ...spec } = parsed.data;
      checkItemSpec(spec);
    }
  });

  it('have unique codes, and hold the newborn bundle plus at least 50 more', () => {
    const codes = items.map((i) => (i as { code: string }).code);
    assert.equal(new Set(codes).size, codes.length);
    const newborn = [
      '150000-HEALTH-0001',
      '150000-HEALTH-0002',
      '150000-PUBLIC_SECURITY-0001',
      '150000-MEDICAL_INSURANCE-0001',
      '150000-TAX-0001',
      '150000-HRSS-0001',
    ];
    for (const code of newborn) assert.ok(codes.includes(code), code);
    const departments = new Set(
      items.filter((i) => newborn.includes((i as { code: string }).code)).map((i) => (i as { departmentCode: string }).departmentCode),
    );
    assert.equal(departments.size, 5, 'the newborn bundle spans five departments');
    assert.ok(codes.length >= 56);
    const levels = new Set(items.map((i) => (i as { level: string }).level));
    assert.deepEqual([...levels].sort(), ['city', 'county', 'region']);
  });
});
