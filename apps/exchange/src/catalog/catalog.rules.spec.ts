import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newCatalogBody } from '@igs/testing';
import { catalogViolations, changeRefusal, type CatalogChange } from './catalog.rules.js';

describe('changeRefusal', () => {
  const cases: { change: CatalogChange; status: 'draft' | 'published' | 'retired'; revision?: number; code?: string; message?: string }[] = [
    { change: 'update', status: 'draft', revision: 3 },
    { change: 'update', status: 'draft', revision: 2, code: 'EXCHANGE.STALE_REVISION', message: 'catalog C1 is at revision 3' },
    { change: 'update', status: 'published', revision: 3, code: 'EXCHANGE.ALREADY_PUBLISHED', message: 'catalog C1 is published; only a draft is edited' },
    { change: 'update', status: 'retired', revision: 2, code: 'EXCHANGE.ALREADY_PUBLISHED', message: 'catalog C1 is retired; only a draft is edited' },
    { change: 'publish', status: 'draft', revision: 3 },
    { change: 'publish', status: 'draft', revision: 4, code: 'EXCHANGE.STALE_REVISION', message: 'catalog C1 is at revision 3' },
    { change: 'publish', status: 'published', revision: 3, code: 'EXCHANGE.ALREADY_PUBLISHED', message: 'catalog C1 is published' },
    { change: 'retire', status: 'published' },
    { change: 'retire', status: 'draft', code: 'EXCHANGE.INVALID_TRANSITION', message: 'catalog C1 is draft; only a published catalog is retired' },
    { change: 'retire', status: 'retired', code: 'EXCHANGE.INVALID_TRANSITION', message: 'catalog C1 is retired; only a published catalog is retired' },
  ];
  for (const { change, status, revision, code, message } of cases) {
    it(`${code ? 'refuses' : 'lets'} ${change} a ${status} catalog at revision 3${revision === undefined ? '' : ` when the caller read revision ${revision}`}`, () => {
      const refusal = changeRefusal(change, { code: 'C1', status, revision: 3 }, revision);
      assert.deepEqual(refusal && { code: refusal.code, message: refusal.message }, code && { code, message });
    });
  }

  it('checks the status before the revision, so a published catalog is not reported as stale', () => {
    assert.equal(changeRefusal('publish', { code: 'C1', status: 'published', revision: 5 }, 1)?.code, 'EXCHANGE.ALREADY_PUBLISHED');
  });
});

describe('catalogViolations', () => {
  const guide = new Map([
    ['PERSON.ID', { minGrade: 3 }],
    ['PERSON.BASIC', { minGrade: 2 }],
    ['PERSON.CONTACT', { minGrade: 2 }],
  ]);

  it('finds nothing wrong with a catalog that keeps the rules', () => {
    assert.deepEqual(catalogViolations(newCatalogBody(), guide), []);
  });

  it('names each broken rule at the field that breaks it', () => {
    const body = newCatalogBody();
    const [id, name, birth] = body.fields;
    const spec = {
      ...body,
      shareType: 'unconditional' as const,
      keyFields: ['id_number', 'missing'],
      fields: [
        { ...id, grade: 2 },
        { ...name, policy: 'plain' as const },
        { ...birth, grade: 4 },
        { ...birth, category: 'NOT.IN.GUIDE' },
      ],
    };
    assert.deepEqual(
      catalogViolations(spec, guide).map((error) => [error.field, error.message]),
      [
        ['fields[0].grade', 'category PERSON.ID needs grade 3 or more'],
        ['fields[1].policy', 'a personal-information field may be plain only in a conditional catalog'],
        ['fields[2].policy', 'a grade-4 (core) field is never shared: its policy must be "never"'],
        ['fields[3].name', 'field birth_date is listed twice'],
        ['fields[3].category', 'category NOT.IN.GUIDE is not in the classification guide'],
        ['keyFields[1]', 'key field missing is not a field of the catalog'],
      ],
    );
  });

  it('lets a personal field be plain in a conditional catalog', () => {
    const body = newCatalogBody();
    assert.deepEqual(
      catalogViolations({ ...body, fields: body.fields.map((field) => ({ ...field, policy: field.grade < 4 ? ('plain' as const) : field.policy })) }, guide),
      [],
    );
  });
});
