import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { NatsConnection } from '@nats-io/transport-node';
import { systemCaller, type Caller, type DockingEntry } from '@igs/contracts';
import {
  createTestDatabase,
  eventually,
  memoryLogger,
  newCatalogBody,
  readStream,
  startTestNats,
  withClient,
  type TestDatabase,
  type TestNats,
} from '@igs/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CatalogService } from '../src/catalog/catalog.service.js';
import { loadExchangeConfig } from '../src/config.js';
import { DemandRepository } from '../src/demands/demand.repository.js';
import { createExchangeApp } from '../src/exchange-app.js';
import { ListsRepository } from '../src/lists/lists.repository.js';
import { ListsService } from '../src/lists/lists.service.js';

// Retiring a catalog, or putting it on the negative list, revokes its docking entries in one
// statement whatever their number, while each entry still gets its transition and its event.
describe('revoking the docking entries of a catalog', () => {
  const log = memoryLogger('exchange');
  const operator: Caller = systemCaller('exchange');
  let nats: TestNats;
  let nc: NatsConnection;
  let db: TestDatabase;
  let app: NestFastifyApplication;
  let statements = 0;

  /** A published catalog with `active` docking entries on it, one more already revoked, and a pending demand. */
  async function publishedWithDockings(active: number) {
    const catalogs = app.get(CatalogService);
    const body = newCatalogBody();
    const draft = await catalogs.create(body, operator);
    await catalogs.publish(body.code, draft.revision, '《政务数据共享条例》', operator);
    const { id: catalogId } = await withClient(db.url, (client) => client.query('SELECT id FROM exchange.catalogs WHERE code = $1', [body.code])).then(
      (r) => r.rows[0],
    );
    const demands = app.get(DemandRepository);
    const lists = app.get(ListsRepository);
    const dataSource = app.get<DataSource>(getDataSourceToken());
    const demand = (consumer: string) =>
      demands.insertPending(dataSource.manager, {
        catalogId,
        consumerDepartment: consumer,
        consumerApp: null,
        providerDepartment: body.providerDepartment,
        fields: ['full_name'],
        purpose: '核验',
        scenario: '办理',
        legalBasis: '依法',
        validFrom: '2026-01-01',
        validTo: '2027-12-31',
        expectedDailyVolume: 10,
      });
    const docking = async (consumer: string) => {
      const demandId = await demand(consumer);
      return lists.insertDocking(dataSource.manager, {
        demandId,
        catalogId,
        consumerDepartment: consumer,
        consumerApp: null,
        providerDepartment: body.providerDepartment,
        fields: ['full_name'],
        purpose: '核验',
        legalBasis: '依法',
        validFrom: '2026-01-01',
        validTo: '2027-12-31',
        dailyQuota: 100,
      });
    };
    const ids = [];
    for (let n = 0; n < active; n += 1) ids.push(await docking(`DEPT_${n}`));
    const alreadyRevoked = await docking('DEPT_GONE');
    await lists.changeDockingStatus(dataSource.manager, alreadyRevoked, 'revoked', 'staff:spec', 'earlier');
    const pending = await demand('DEPT_WAITING');
    return { code: body.code, ids, alreadyRevoked, pending };
  }

  const transitionsOf = (ids: string[]) =>
    withClient(db.url, (client) =>
      client.query('SELECT docking_id, status, note FROM exchange.docking_transitions WHERE docking_id = ANY($1::uuid[]) ORDER BY id', [ids]),
    ).then((r) => r.rows);
  const revokedEventsFor = async (ids: string[], count: number) =>
    eventually(async () => {
      const events = (await readStream(nc, nats.prefix, 'exchange')).filter(
        (e) => e.subject.endsWith('.docking.revoked') && ids.includes((e.envelope.data as DockingEntry).id),
      );
      assert.equal(events.length, count);
      return events.map((e) => e.envelope.data as DockingEntry);
    });

  before(async () => {
    db = await createTestDatabase('retirement');
    nats = await startTestNats();
    nc = await nats.connect();
    app = await createExchangeApp(loadExchangeConfig({ ...nats.envFor('exchange'), DATABASE_URL: db.url, LOG_LEVEL: 'warn' }), log.logger);
    await app.init();
    // Counts the statements that read or write the docking list or its history, on the connections TypeORM takes from the pool.
    const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
    (pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (this: unknown, ...args: unknown[]) {
      const sql = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string } | undefined)?.text;
      if (sql && /exchange\.docking_(entries|transitions)/.test(sql)) statements += 1;
      return query.apply(this, args);
    };
  });
  after(async () => {
    await nc?.close();
    await app?.close();
    await nats?.stop();
    await db?.drop();
  });

  it('revokes every live entry of a retired catalog in one statement, with a transition and an event for each', async () => {
    const catalog = await publishedWithDockings(3);
    statements = 0;
    const retired = await app.get(CatalogService).retire(catalog.code, '系统下线', operator);
    assert.equal(retired.status, 'retired');
    assert.equal(statements, 1, 'one statement revokes the three entries and records their transitions');

    const transitions = await transitionsOf([...catalog.ids, catalog.alreadyRevoked]);
    const revokedNow = transitions.filter((t) => t.note === 'catalog retired: 系统下线');
    assert.deepEqual(revokedNow.map((t) => t.docking_id).sort(), [...catalog.ids].sort(), 'each live entry has its transition, the revoked one none');
    assert.ok(revokedNow.every((t) => t.status === 'revoked'));
    const events = await revokedEventsFor(catalog.ids, 3);
    assert.ok(events.every((entry) => entry.status === 'revoked' && entry.statusReason === 'catalog retired: 系统下线' && entry.catalogCode === catalog.code));

    const demand = await app.get(DemandRepository).findDemand(catalog.pending);
    assert.equal(demand?.status, 'rejected', 'the pending demand is answered');
  });

  it('revokes only the entries that share a field put on the negative list, in one statement', async () => {
    const catalog = await publishedWithDockings(2);
    statements = 0;
    const added = await app.get(ListsService).addNegative({ catalogCode: catalog.code, field: 'full_name', legalBasis: '《个人信息保护法》' }, operator);
    assert.equal(added.revokedDockings, 2);
    assert.equal(statements, 1);
    await revokedEventsFor(catalog.ids, 2);
    const untouched = await app.get(ListsService).addNegative({ catalogCode: catalog.code, field: 'birth_date', legalBasis: '《个人信息保护法》' }, operator);
    assert.equal(untouched.revokedDockings, 0, 'no entry shares birth_date');
  });

  it('refuses to retire a catalog twice, before anything is written', async () => {
    const catalog = await publishedWithDockings(1);
    await app.get(CatalogService).retire(catalog.code, 'first', operator);
    statements = 0;
    await assert.rejects(
      app.get(CatalogService).retire(catalog.code, 'again', operator),
      (error: { code?: string }) => error.code === 'EXCHANGE.INVALID_TRANSITION',
    );
    assert.equal(statements, 0);
  });
});
