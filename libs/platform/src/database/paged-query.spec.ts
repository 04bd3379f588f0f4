import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pagedQuery } from './paged-query.js';

/** A runner that answers from a list of rows and remembers what it was sent. */
function runnerOf(answers: unknown[][]) {
  const sent: { sql: string; params: unknown[] }[] = [];
  return {
    sent,
    query: async (sql: string, params: unknown[] = []) => {
      sent.push({ sql, params });
      return answers.shift() ?? [];
    },
  };
}

describe('pagedQuery', () => {
  const sql = 'SELECT n.*, count(*) OVER () AS total FROM t n WHERE n.a = $1 ORDER BY n.id';

  it('places LIMIT and OFFSET after the filters and reads the total from the rows', async () => {
    const runner = runnerOf([[{ id: 1, total: '41' }]]);
    const page = await pagedQuery(runner, sql, ['x'], { page: 3, size: 20 });
    assert.deepEqual(page, { rows: [{ id: 1, total: '41' }], total: 41 });
    assert.deepEqual(runner.sent, [{ sql: `${sql} LIMIT $2 OFFSET $3`, params: ['x', 20, 40] }]);
  });

  it('answers an empty first page with a total of 0 and no second statement', async () => {
    const runner = runnerOf([[]]);
    assert.deepEqual(await pagedQuery(runner, sql, ['x'], { page: 1, size: 20 }), { rows: [], total: 0 });
    assert.equal(runner.sent.length, 1);
  });

  it('counts again for a page past the end, which has no rows to carry the total', async () => {
    const runner = runnerOf([[], [{ total: '7' }]]);
    assert.deepEqual(await pagedQuery(runner, sql, ['x'], { page: 9, size: 20 }), { rows: [], total: 7 });
    assert.deepEqual(runner.sent[1], { sql: `SELECT count(*) AS total FROM (${sql}) listed`, params: ['x'] });
  });
});
