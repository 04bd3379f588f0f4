import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Caller } from '@igs/contracts';
import { createTestDatabase, eventually, memoryLogger, newItemBody, startTestNats, type TestDatabase, type TestNats } from '@igs/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadItemConfig } from '../src/config.js';
import { createItemApp } from '../src/item-app.js';
import { ItemService } from '../src/items/item.service.js';

const editor: Caller = { subject: 'staff:editor', type: 'staff', departmentCode: 'HEALTH', scopes: ['items:read', 'items:write'] };

describe('latest published items cached per replica', () => {
  let nats: TestNats;
  let db: TestDatabase;
  let replicaA: NestFastifyApplication;
  let replicaB: NestFastifyApplication;
  let a: ItemService;
  let b: ItemService;

  before(async () => {
    db = await createTestDatabase('itemcache');
    nats = await startTestNats();
    const config = loadItemConfig({ ...nats.envFor('item'), DATABASE_URL: db.url, LOG_LEVEL: 'warn' });
    replicaA = await createItemApp(config, memoryLogger('item-a').logger);
    await replicaA.init();
    replicaB = await createItemApp(config, memoryLogger('item-b').logger);
    await replicaB.init();
    a = replicaA.get(ItemService);
    b = replicaB.get(ItemService);
  });

  after(async () => {
    await replicaA?.close();
    await replicaB?.close();
    await nats?.stop();
    await db?.drop();
  });

  it('serves a new version published on another replica as soon as its event arrives', async () => {
    const body = newItemBody();
    await a.create(body, editor);
    const v1 = await a.publish(body.code, 0, editor);
    assert.equal((await b.get(body.code)).version, 1, 'replica B has cached version 1');

    const draft = await a.update(body.code, { revision: v1.revision, promisedDays: 0 }, editor);
    await a.publish(body.code, draft.revision, editor);
    assert.equal((await a.get(body.code)).version, 2, 'the replica that published reads its own write');
    await eventually(async () => assert.equal((await b.get(body.code)).version, 2), 2000);
  });

  it('stops serving a withdrawn item on every replica', async () => {
    const body = newItemBody();
    await b.create(body, editor);
    await b.publish(body.code, 0, editor);
    assert.equal((await a.get(body.code)).status, 'published');
    await b.withdraw(body.code, '职能调整', editor);
    await assert.rejects(b.get(body.code), { code: 'ITEM.NOT_FOUND' });
    await eventually(() => assert.rejects(a.get(body.code), { code: 'ITEM.NOT_FOUND' }), 2000);
  });
});
