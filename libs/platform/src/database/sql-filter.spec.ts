import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeLike, SqlFilter } from './sql-filter.js';

describe('escapeLike', () => {
  it('escapes the wildcards and the escape character, and leaves other text alone', () => {
    assert.equal(escapeLike('100%_done\\'), '100\\%\\_done\\\\');
    assert.equal(escapeLike('户籍 record-1'), '户籍 record-1');
    assert.equal(escapeLike(''), '');
  });
});

describe(SqlFilter.name, () => {
  it('adds nothing for filters that are not given', () => {
    const filter = new SqlFilter().equals('a', undefined).equals('b', null).equals('c', '').contains('d', undefined).contains('e', '');
    assert.equal(filter.where, '');
    assert.equal(filter.conditions, 'TRUE');
    assert.deepEqual(filter.params, []);
  });

  it('numbers the given filters in order and sends their values as parameters, never in the SQL', () => {
    const filter = new SqlFilter().equals('c.status', 'published').contains('c.name', "50%_off'; DROP").equals('c.grade', 3);
    assert.equal(filter.where, 'WHERE c.status = $1 AND c.name ILIKE $2 AND c.grade = $3');
    assert.deepEqual(filter.params, ['published', "%50\\%\\_off'; DROP%", 3]);
    assert.doesNotMatch(filter.where, /DROP|published/);
  });

  it('lets one placeholder stand in several places of a clause', () => {
    const filter = new SqlFilter().when('HEALTH', (p) => `(consumer = ${p} OR provider = ${p})`);
    assert.equal(filter.where, 'WHERE (consumer = $1 OR provider = $1)');
    assert.deepEqual(filter.params, ['HEALTH']);
  });

  it('wraps a nested group only when one of its filters is given', () => {
    const exists = (conditions: string) => `EXISTS (SELECT 1 FROM f WHERE f.id = c.id AND ${conditions})`;
    const none = new SqlFilter().nested((inner) => inner.equals('f.category', undefined), exists);
    assert.equal(none.where, '');
    const some = new SqlFilter().equals('c.code', 'X').nested((inner) => inner.equals('f.category', 'health').equals('f.grade', 2), exists);
    assert.equal(some.where, 'WHERE c.code = $1 AND EXISTS (SELECT 1 FROM f WHERE f.id = c.id AND f.category = $2 AND f.grade = $3)');
    assert.deepEqual(some.params, ['X', 'health', 2]);
  });

  it('shares one parameter list between builders of one statement, and places LIMIT values after the filters', () => {
    const params: unknown[] = [];
    const heads = new SqlFilter(params).equals('status', 'draft');
    const outer = new SqlFilter(params).equals('kind', 'public');
    const limit = outer.param(20);
    assert.equal(heads.where, 'WHERE status = $1');
    assert.equal(outer.where, 'WHERE kind = $2');
    assert.equal(limit, '$3');
    assert.deepEqual(params, ['draft', 'public', 20]);
  });
});
