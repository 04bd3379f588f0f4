import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { http } from './http.js';
import { startPlatform, type RunningPlatform } from './platform.js';
import { appToken, bearer, demoApps } from './tokens.js';

const root = join(__dirname, '..', '..', '..', '..');

interface Seeders {
  seedDemoItems(base: string, issuer: string): Promise<{ created: number; existing: number; total: number }>;
  seedDemoExchange(base: string, issuer: string): Promise<{ catalogs: number; demands: number; negative: number; rows: number }>;
}

describe('the demo data that npm start loads', () => {
  let platform: RunningPlatform;
  let seed: Seeders;

  before(async () => {
    platform = await startPlatform({ withExchange: true });
    seed = (await import(pathToFileURL(join(root, 'tools', 'stack', 'seed.mjs')).href)) as Seeders;
  });
  after(() => platform?.stop());

  it('loads through the public API, and a second load changes nothing', async () => {
    const items = await seed.seedDemoItems(platform.url, platform.issuer);
    assert.deepEqual([items.created, items.existing], [items.total, 0]);
    const exchange = await seed.seedDemoExchange(platform.url, platform.issuer);
    assert.deepEqual(exchange, { catalogs: 7, demands: 5, negative: 1, rows: 5 });

    const reader = bearer(await appToken(platform.issuer, demoApps.tax, 'exchange:read items:read'));
    const stats = (await http(platform.url, 'GET', '/api/v1/exchange/stats', undefined, reader)).body;
    assert.deepEqual(
      [stats.catalogs.published, stats.responsibilityEntries, stats.negativeEntries, stats.dockingEntries.active, stats.demands.pending],
      [7, 7, 1, 4, 1],
    );
    assert.equal(stats.catalogs.byGrade['4'], 1, 'the population register has a core field');
    const newborn = await http(platform.url, 'GET', '/api/v1/items/150000-HEALTH-0001', undefined, reader);
    assert.equal(newborn.body.status, 'published');

    assert.deepEqual(await seed.seedDemoItems(platform.url, platform.issuer), { created: 0, existing: items.total, total: items.total });
    assert.deepEqual(await seed.seedDemoExchange(platform.url, platform.issuer), { catalogs: 0, demands: 0, negative: 0, rows: 5 });

    // The README's data call: the health department reads the population register it is approved for.
    const health = bearer(await appToken(platform.issuer, demoApps.health, 'data:call'));
    const answer = await http(
      platform.url,
      'POST',
      '/api/v1/data/150000-PS-POPULATION/query',
      { keys: { id_number: '150102199003071237' }, fields: ['id_number', 'full_name'], purpose: '出生一件事核验' },
      health,
    );
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.rows[0].full_name, '张*');
  });
});
