import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LocalCalendar } from '@igs/platform';
import { newCatalogBody, withClient } from '@igs/testing';
import { assertProblem, http } from './http.js';
import { startPlatform, type RunningPlatform } from './platform.js';
import { appToken, bearer, demoApps } from './tokens.js';

// A zone whose date is not the UTC date right now: twelve hours behind UTC before noon UTC,
// fourteen hours ahead after it. Under UTC days every assertion below would fail.
const zone = new Date().getUTCHours() < 12 ? 'Etc/GMT+12' : 'Pacific/Kiritimati';

describe("the data-call path counts the region's local day", () => {
  let platform: RunningPlatform;
  let police: Record<string, string>;
  let health: Record<string, string>;
  const localToday = new LocalCalendar(zone).today();
  const catalog = newCatalogBody({
    keyFields: ['id_number'],
    fields: [
      { name: 'id_number', label: '身份号码', type: 'string', category: 'PERSON.ID', grade: 3, piType: 'id_number', policy: 'tokenised' },
      { name: 'birth_date', label: '出生日期', type: 'date', category: 'PERSON.BASIC', grade: 2, piType: null, policy: 'plain' },
    ],
  });
  const base = '/api/v1/exchange';
  const query = () =>
    http(
      platform.url,
      'POST',
      `/api/v1/data/${catalog.code}/query`,
      { keys: { id_number: '150102199003071237' }, fields: ['birth_date'], purpose: '核验' },
      health,
    );

  before(async () => {
    assert.notEqual(localToday, new Date().toISOString().slice(0, 10), `${zone} is on another date than UTC`);
    platform = await startPlatform({ withItem: false, withExchange: true, exchangeEnv: { TIME_ZONE: zone } });
    police = bearer(await appToken(platform.issuer, demoApps.publicSecurity, 'exchange:read exchange:catalog exchange:approve'));
    health = bearer(await appToken(platform.issuer, demoApps.health, 'exchange:read data:call'));
    assert.equal((await http(platform.url, 'POST', `${base}/catalogs`, catalog, police)).status, 201);
    await http(platform.url, 'POST', `${base}/catalogs/${catalog.code}/publish`, { revision: 0, legalBasis: '《居民身份证法》' }, police);
    const row = JSON.stringify({ id_number: '150102199003071237', birth_date: '1990-03-07' });
    assert.equal(
      (await http(platform.url, 'POST', `${base}/catalogs/${catalog.code}/resource`, row, { ...police, 'content-type': 'application/x-ndjson' })).body.accepted,
      1,
    );
    // Valid on the local date only, with a quota of two calls.
    const demand = await http(
      platform.url,
      'POST',
      `${base}/demands`,
      {
        catalogCode: catalog.code,
        fields: ['birth_date'],
        purpose: '核验',
        scenario: '联办',
        legalBasis: '《个人信息保护法》',
        validFrom: localToday,
        validTo: localToday,
        expectedDailyVolume: 2,
      },
      health,
    );
    assert.equal(demand.status, 201, JSON.stringify(demand.body));
    assert.equal(
      (await http(platform.url, 'POST', `${base}/demands/${demand.body.id}/approve`, { fields: ['birth_date'], dailyQuota: 2 }, police)).status,
      200,
    );
  });
  after(() => platform?.stop());

  it('allows a docking entry valid on the local date, counts its quota on that date, and reports calls by it', async () => {
    let first = await query();
    for (const started = Date.now(); first.status !== 200 && Date.now() - started < 3000; first = await query()) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.deepEqual(first.body.rows, [{ birth_date: '1990-03-07' }]);
    const used = await withClient(platform.db.url, (client) =>
      client.query<{ day: string; calls: number }>(`SELECT to_char(day, 'YYYY-MM-DD') AS day, sum(calls)::int AS calls FROM exchange.docking_usage GROUP BY 1`),
    );
    assert.equal(used.rows.length, 1);
    assert.equal(used.rows[0].day, localToday, 'usage is counted on the local date');
    // Denials while the copy was catching up used no quota; the second allowed call is the last.
    assert.equal((await query()).status, 200);
    assertProblem(await query(), 403, 'EXCHANGE.QUOTA_EXCEEDED');
    const stats = await http(platform.url, 'GET', `${base}/stats`, undefined, health);
    const days = stats.body.calls.filter((row: { catalogCode: string }) => row.catalogCode === catalog.code).map((row: { day: string }) => row.day);
    assert.deepEqual([...new Set(days)], [localToday], 'the statistics count calls on the local date');
  });
});
