import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newCatalogBody, withClient } from '@igs/testing';
import { assertProblem, http } from './http.js';
import { startPlatform, type RunningPlatform } from './platform.js';
import { appToken, bearer, demoApps } from './tokens.js';

describe('data resources: loading rows with personal data usable but not stored in clear', () => {
  let platform: RunningPlatform;
  let police: Record<string, string>;
  const catalog = newCatalogBody();
  const path = () => `/api/v1/exchange/catalogs/${catalog.code}/resource`;
  const people = [
    { id_number: '150102199003071237', full_name: '张三', birth_date: '1990-03-07', household_address: '呼和浩特市新城区示例路1号' },
    { id_number: '150105199208152347', full_name: '李四', birth_date: '1992-08-15', household_address: '呼和浩特市赛罕区示例路2号' },
  ];

  before(async () => {
    platform = await startPlatform({ withItem: false, withExchange: true });
    police = bearer(await appToken(platform.issuer, demoApps.publicSecurity, 'exchange:read exchange:catalog'));
    assert.equal((await http(platform.url, 'POST', '/api/v1/exchange/catalogs', catalog, police)).status, 201);
    await http(platform.url, 'POST', `/api/v1/exchange/catalogs/${catalog.code}/publish`, { revision: 0, legalBasis: '《居民身份证法》' }, police);
  });
  after(() => platform?.stop());

  const load = (body: string, type = 'application/x-ndjson', headers: Record<string, string> = police) =>
    http(platform.url, 'POST', path(), body, { ...headers, 'content-type': type, 'x-source-system': 'ps-population-db' });

  it('stores good rows, reports bad ones by line, and keeps no personal value in clear', async () => {
    const file = [
      JSON.stringify(people[0]),
      JSON.stringify({ ...people[1] }),
      JSON.stringify({ full_name: '王五' }),
      JSON.stringify({ ...people[0], birth_date: '1990-02-30' }),
      JSON.stringify({ ...people[0], shoe_size: 42 }),
      'not json',
    ].join('\n');
    const answer = await load(file);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.accepted, 2);
    assert.deepEqual(
      answer.body.rejected.map((r: { line: number }) => r.line),
      [3, 4, 5, 6],
    );
    assert.match(answer.body.rejected[0].reason, /the key \(id_number\) must be given/);
    assert.match(answer.body.rejected[1].reason, /birth_date is not a date/);
    assert.match(answer.body.rejected[2].reason, /shoe_size: not fields of the catalog/);

    const stored = await withClient(platform.db.url, (client) =>
      client.query('SELECT r.*, b.source_system, b.loaded_by, b.load_id FROM exchange.resource_rows r JOIN exchange.resource_batches b ON b.id = r.batch_id'),
    );
    assert.equal(stored.rows.length, 2);
    const dump = JSON.stringify(stored.rows);
    for (const person of people) {
      for (const value of [person.id_number, person.full_name, person.household_address]) assert.ok(!dump.includes(value), 'no personal value in clear');
    }
    const row = stored.rows[0];
    assert.deepEqual(Object.keys(row.payload.tokens).sort(), ['full_name', 'household_address', 'id_number']);
    assert.deepEqual(
      Object.keys(row.payload.sealed).sort(),
      ['full_name', 'household_address'],
      'only the masked fields keep a sealed original; tokenised ones keep the token alone',
    );
    assert.ok(['1990-03-07', '1992-08-15'].includes(row.payload.clear.birth_date), 'a non-personal field is kept as it is');
    assert.deepEqual([row.source_system, row.loaded_by, row.load_id], ['ps-population-db', 'public-security-system', answer.body.loadId]);
  });

  it('keeps every row traceable: a load batch can be neither deleted nor re-keyed', async () => {
    const refused = (sql: string) =>
      withClient(platform.db.url, (client) => client.query(sql)).then(
        () => assert.fail(`${sql} was allowed`),
        (error: { code?: string }) => assert.equal(error.code, '23001', `${sql} is refused as a restrict violation`),
      );
    await refused('DELETE FROM exchange.resource_batches');
    await refused('UPDATE exchange.resource_batches SET id = gen_random_uuid()');
    await refused('TRUNCATE exchange.resource_batches CASCADE');
    const orphans = await withClient(platform.db.url, (client) =>
      client.query(
        'SELECT count(*)::int AS n FROM exchange.resource_rows r LEFT JOIN exchange.resource_batches b ON b.id = r.batch_id AND b.catalog_id = r.catalog_id WHERE b.id IS NULL',
      ),
    );
    assert.equal(orphans.rows[0].n, 0, 'every row has its batch, of its own catalog');
    const rows = await withClient(platform.db.url, (client) => client.query('SELECT count(*)::int AS n FROM exchange.resource_rows'));
    assert.ok(rows.rows[0].n > 0, 'the rows are still there');
  });

  it('is idempotent: the same file twice leaves the same rows', async () => {
    const file = people.map((p) => JSON.stringify(p)).join('\n');
    await load(file);
    const before = await withClient(platform.db.url, (client) =>
      client.query("SELECT key_token, payload->'tokens' AS tokens FROM exchange.resource_rows ORDER BY key_token"),
    );
    await load(file);
    const after = await withClient(platform.db.url, (client) =>
      client.query("SELECT key_token, payload->'tokens' AS tokens FROM exchange.resource_rows ORDER BY key_token"),
    );
    assert.deepEqual(after.rows, before.rows);
    assert.equal(after.rows.length, 2);
  });

  it('loads CSV with the field names as header', async () => {
    const csv = [
      'id_number,full_name,birth_date,household_address',
      '150203198811223451,王五,1988-11-22,包头市示例路3号',
      '150602199501014566,赵敏,not-a-date,鄂尔多斯市示例路4号',
    ].join('\n');
    const answer = await load(csv, 'text/csv');
    assert.deepEqual([answer.body.accepted, answer.body.rejected.map((r: { line: number }) => r.line)], [1, [3]]);
  });

  it("refuses another department's catalog, an unknown catalog and a JSON body", async () => {
    const health = bearer(await appToken(platform.issuer, demoApps.health, 'exchange:read exchange:catalog'));
    assertProblem(await load(JSON.stringify(people[0]), 'application/x-ndjson', health), 403, 'AUTH.FORBIDDEN');
    assertProblem(
      await http(platform.url, 'POST', '/api/v1/exchange/catalogs/NO-SUCH/resource', JSON.stringify(people[0]), {
        ...police,
        'content-type': 'application/x-ndjson',
      }),
      404,
      'EXCHANGE.CATALOG_NOT_FOUND',
    );
    assertProblem(await http(platform.url, 'POST', path(), people[0], police), 415, 'PLATFORM.UNSUPPORTED_MEDIA_TYPE');
  });
});
