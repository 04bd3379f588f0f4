import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemCaller } from '@igs/contracts';
import { createTestDatabase, memoryLogger, newCatalogBody, startTestNats, type TestDatabase, type TestNats } from '@igs/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { CatalogService } from '../src/catalog/catalog.service.js';
import { loadExchangeConfig } from '../src/config.js';
import { createExchangeApp } from '../src/exchange-app.js';

// Drafts are written as JSON read into the catalogs' row type: every attribute comes back
// as it was sent, arrays and text that looks like SQL included.
describe("a catalog's attributes, written and read back", () => {
  const log = memoryLogger('exchange');
  const operator = systemCaller('exchange');
  let nats: TestNats;
  let db: TestDatabase;
  let app: NestFastifyApplication;

  before(async () => {
    db = await createTestDatabase('attributes');
    nats = await startTestNats();
    app = await createExchangeApp(loadExchangeConfig({ ...nats.envFor('exchange'), DATABASE_URL: db.url, LOG_LEVEL: 'warn' }), log.logger);
    await app.init();
  });
  after(async () => {
    await app?.close();
    await nats?.stop();
    await db?.drop();
  });

  it('keeps every attribute of a created draft, and every attribute an edit changes', async () => {
    const catalogs = app.get(CatalogService);
    const body = newCatalogBody({ description: `it's "quoted", $1 and \\ too'); DROP TABLE exchange.catalogs; --`, keyFields: ['id_number', 'full_name'] });
    const { fields: _fields, code: _code, ...attributes } = body;
    const created = await catalogs.create(body, operator);
    assert.deepEqual({ ...created, fields: undefined }, { ...created, ...attributes, fields: undefined });
    assert.deepEqual(created.fields, body.fields);
    assert.equal(created.revision, 0);

    const changes = {
      name: '流动人口信息',
      sourceSystem: '新系统',
      shareType: 'unconditional' as const,
      openType: 'open' as const,
      updateFrequency: 'monthly' as const,
      keyFields: ['birth_date'],
    };
    const plainFields = body.fields.filter((field) => field.name === 'birth_date');
    const edited = await catalogs.update(body.code, { revision: 0, ...changes, fields: plainFields }, operator);
    assert.deepEqual(
      [
        edited.name,
        edited.sourceSystem,
        edited.shareType,
        edited.openType,
        edited.updateFrequency,
        edited.keyFields,
        edited.description,
        edited.providerDepartment,
      ],
      [
        changes.name,
        changes.sourceSystem,
        changes.shareType,
        changes.openType,
        changes.updateFrequency,
        changes.keyFields,
        body.description,
        body.providerDepartment,
      ],
    );
    assert.deepEqual(edited.fields, plainFields);
    assert.equal(edited.revision, 1);
  });

  it('imports a batch of drafts in one go, skipping a code that exists', async () => {
    const catalogs = app.get(CatalogService);
    const existing = newCatalogBody();
    await catalogs.create(existing, operator);
    const fresh = [newCatalogBody({ name: '甲类目录' }), newCatalogBody({ name: '乙类目录', keyFields: ['id_number', 'birth_date'] })];
    const answer = await catalogs.importBatch(
      [...fresh, existing].map((catalog, index) => ({ line: index + 2, catalog })),
      operator,
    );
    assert.deepEqual(answer, { accepted: 2, rejected: [{ line: 4, code: existing.code, reason: 'a catalog with this code already exists' }] });
    for (const body of fresh) {
      const read = await catalogs.get(body.code, operator);
      assert.deepEqual([read.name, read.keyFields, read.status, read.fields.length], [body.name, body.keyFields, 'draft', body.fields.length]);
    }
  });
});
