import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { anonymousCaller, itemRequests, type Caller, type ErrorCode } from '@igs/contracts';
import { HealthRegistry, RemoteError, type MessageBus } from '@igs/platform';
import {
  createTestBus,
  createTestDatabase,
  eventually,
  memoryLogger,
  newItemBody,
  readStream,
  startTestNats,
  withClient,
  type TestDatabase,
  type TestNats,
} from '@igs/testing';
import type { NatsConnection } from '@nats-io/transport-node';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadItemConfig } from '../src/config.js';
import { createItemApp } from '../src/item-app.js';

const editor: Caller = { subject: 'staff:platform-editor', type: 'staff', departmentCode: 'PLATFORM', scopes: ['items:read', 'items:write'] };
const healthEditor: Caller = { subject: 'staff:health-editor', type: 'staff', departmentCode: 'HEALTH', scopes: ['items:read', 'items:write'] };
const healthReader: Caller = { subject: 'app:health-system', type: 'app', departmentCode: 'HEALTH', scopes: ['items:read'] };

async function rejectsWith(promise: Promise<unknown>, code: ErrorCode): Promise<RemoteError> {
  const error = await promise.then(
    () => assert.fail(`expected ${code}, got a reply`),
    (e: unknown) => e,
  );
  assert.ok(error instanceof RemoteError, `expected RemoteError, got ${String(error)}`);
  assert.equal(error.code, code);
  return error;
}

describe('item service over NATS and PostgreSQL', () => {
  const log = memoryLogger('item');
  let nats: TestNats;
  let prefix: string;
  let db: TestDatabase;
  let app: NestFastifyApplication;
  let bus: MessageBus;
  let closeBus: () => Promise<void>;
  let nc: NatsConnection;

  before(async () => {
    db = await createTestDatabase('item');
    nats = await startTestNats();
    prefix = nats.prefix;
    const config = loadItemConfig({ ...nats.envFor('item'), DATABASE_URL: db.url, LOG_LEVEL: 'warn' });
    app = await createItemApp(config, log.logger);
    await app.init();
    await app.get(HealthRegistry).untilReady();
    ({ bus, close: closeBus } = await createTestBus(nats, log.logger));
    nc = await nats.connect();
  });

  after(async () => {
    await closeBus?.();
    await app?.close();
    await nc?.drain();
    await nats?.stop();
    await db?.drop();
  });

  it('creates a draft as version 1, revision 0', async () => {
    const body = newItemBody();
    const item = await bus.request(itemRequests.create, { item: body }, editor);
    assert.equal(item.code, body.code);
    assert.equal(item.version, 1);
    assert.equal(item.revision, 0);
    assert.equal(item.status, 'draft');
    assert.deepEqual(item.materials, body.materials);
    assert.equal(item.publishedAt, null);
  });

  it('lets an editor change only items of its own department, and a reader change nothing', async () => {
    const own = await bus.request(itemRequests.create, { item: newItemBody({ departmentCode: 'HEALTH' }) }, healthEditor);
    assert.equal(own.departmentCode, 'HEALTH');
    await rejectsWith(bus.request(itemRequests.create, { item: newItemBody({ departmentCode: 'TAX' }) }, healthEditor), 'AUTH.FORBIDDEN');
    await rejectsWith(bus.request(itemRequests.create, { item: newItemBody({ departmentCode: 'HEALTH' }) }, healthReader), 'AUTH.FORBIDDEN');
    await rejectsWith(bus.request(itemRequests.update, { code: own.code, changes: { revision: 0, departmentCode: 'TAX' } }, healthEditor), 'AUTH.FORBIDDEN');
    const tax = await bus.request(itemRequests.create, { item: newItemBody({ departmentCode: 'TAX' }) }, editor);
    await rejectsWith(bus.request(itemRequests.publish, { code: tax.code, revision: 0 }, healthEditor), 'AUTH.FORBIDDEN');
    await rejectsWith(bus.request(itemRequests.update, { code: tax.code, changes: { revision: 0, name: '越权修改' } }, healthEditor), 'AUTH.FORBIDDEN');
    assert.equal(
      (await bus.request(itemRequests.get, { code: tax.code, version: 1 }, healthReader)).name,
      tax.name,
      'reading is open to readers of every department',
    );
  });

  it('refuses a second item with the same code', async () => {
    const body = newItemBody();
    await bus.request(itemRequests.create, { item: body }, editor);
    await rejectsWith(bus.request(itemRequests.create, { item: { ...body, name: '另一个名称' } }, editor), 'ITEM.ALREADY_EXISTS');
  });

  it('refuses a promised time limit longer than the statutory one, naming the field', async () => {
    const error = await rejectsWith(
      bus.request(itemRequests.create, { item: newItemBody({ statutoryDays: 2, promisedDays: 5 }) }, editor),
      'PLATFORM.VALIDATION',
    );
    assert.deepEqual(
      (error.details as { errors: { field: string }[] }).errors.map((e) => e.field),
      ['promisedDays'],
    );
  });

  it('validates the message itself, whatever the sender checked', async () => {
    const error = await rejectsWith(bus.request(itemRequests.create, { item: { ...newItemBody(), divisionCode: '12' } }, editor), 'PLATFORM.VALIDATION');
    assert.ok((error.details as { errors: { field: string }[] }).errors.some((e) => e.field === 'item.divisionCode'));
  });

  it('edits a draft in place and bumps its revision; a stale revision is refused', async () => {
    const created = await bus.request(itemRequests.create, { item: newItemBody() }, editor);
    const edited = await bus.request(itemRequests.update, { code: created.code, changes: { revision: 0, name: '出生医学证明首次签发' } }, editor);
    assert.equal(edited.version, 1);
    assert.equal(edited.revision, 1);
    assert.equal(edited.name, '出生医学证明首次签发');
    await rejectsWith(bus.request(itemRequests.update, { code: created.code, changes: { revision: 0, name: '覆盖' } }, editor), 'ITEM.STALE_REVISION');
    const stored = await bus.request(itemRequests.get, { code: created.code, version: 1 }, anonymousCaller);
    assert.equal(stored.name, '出生医学证明首次签发');
  });

  it('lets exactly one of two concurrent edits with the same revision win', async () => {
    const created = await bus.request(itemRequests.create, { item: newItemBody() }, editor);
    const results = await Promise.allSettled(
      ['甲', '乙', '丙', '丁'].map((suffix) =>
        bus.request(itemRequests.update, { code: created.code, changes: { revision: 0, name: `并发编辑${suffix}` } }, editor),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    assert.equal(won.length, 1);
    assert.ok(lost.every((r) => (r.reason as RemoteError).hasCode('ITEM.STALE_REVISION')));
    const stored = await bus.request(itemRequests.get, { code: created.code, version: 1 }, anonymousCaller);
    assert.equal(stored.name, (won[0] as PromiseFulfilledResult<{ name: string }>).value.name);
    assert.equal(stored.revision, 1);
  });

  it('publishes a draft, freezes it, and starts version 2 on the next edit', async () => {
    const created = await bus.request(itemRequests.create, { item: newItemBody() }, editor);
    await assert.rejects(bus.request(itemRequests.get, { code: created.code }, anonymousCaller), { code: 'ITEM.NOT_FOUND' });
    const published = await bus.request(itemRequests.publish, { code: created.code, revision: 0 }, editor);
    assert.equal(published.status, 'published');
    assert.ok(published.publishedAt);
    await rejectsWith(bus.request(itemRequests.publish, { code: created.code, revision: published.revision }, editor), 'ITEM.ALREADY_PUBLISHED');

    const draft2 = await bus.request(itemRequests.update, { code: created.code, changes: { revision: published.revision, promisedDays: 0 } }, editor);
    assert.equal(draft2.version, 2);
    assert.equal(draft2.status, 'draft');
    assert.equal(draft2.promisedDays, 0);
    const latest = await bus.request(itemRequests.get, { code: created.code }, anonymousCaller);
    assert.equal(latest.version, 1, 'the published version is still served while version 2 is a draft');
    assert.equal(latest.promisedDays, 1);

    await bus.request(itemRequests.publish, { code: created.code, revision: draft2.revision }, editor);
    const latest2 = await bus.request(itemRequests.get, { code: created.code }, anonymousCaller);
    assert.equal(latest2.version, 2);
    const v1 = await bus.request(itemRequests.get, { code: created.code, version: 1 }, anonymousCaller);
    assert.equal(v1.promisedDays, 1, 'version 1 is unchanged');
    await rejectsWith(bus.request(itemRequests.get, { code: created.code, version: 9 }, anonymousCaller), 'ITEM.VERSION_NOT_FOUND');
  });

  it('refuses to publish with a stale revision', async () => {
    const created = await bus.request(itemRequests.create, { item: newItemBody() }, editor);
    await bus.request(itemRequests.update, { code: created.code, changes: { revision: 0, fee: '10.00' } }, editor);
    await rejectsWith(bus.request(itemRequests.publish, { code: created.code, revision: 0 }, editor), 'ITEM.STALE_REVISION');
  });

  it('withdraws a published item: it is no longer served, and cannot be published or withdrawn again', async () => {
    const created = await bus.request(itemRequests.create, { item: newItemBody() }, editor);
    await rejectsWith(bus.request(itemRequests.withdraw, { code: created.code, reason: '尚未发布' }, editor), 'ITEM.NOT_PUBLISHED');
    await bus.request(itemRequests.publish, { code: created.code, revision: 0 }, editor);
    const withdrawn = await bus.request(itemRequests.withdraw, { code: created.code, reason: '职能调整' }, editor);
    assert.equal(withdrawn.status, 'withdrawn');
    assert.ok(withdrawn.withdrawnAt);
    await rejectsWith(bus.request(itemRequests.get, { code: created.code }, anonymousCaller), 'ITEM.NOT_FOUND');
    await rejectsWith(bus.request(itemRequests.withdraw, { code: created.code, reason: '再次撤销' }, editor), 'ITEM.WITHDRAWN');
    await rejectsWith(bus.request(itemRequests.publish, { code: created.code, revision: withdrawn.revision }, editor), 'ITEM.WITHDRAWN');
  });

  it('answers unknown codes with ITEM.NOT_FOUND on every operation', async () => {
    await rejectsWith(bus.request(itemRequests.get, { code: 'NO-SUCH-ITEM' }, anonymousCaller), 'ITEM.NOT_FOUND');
    await rejectsWith(bus.request(itemRequests.get, { code: 'NO-SUCH-ITEM', version: 1 }, anonymousCaller), 'ITEM.NOT_FOUND');
    await rejectsWith(bus.request(itemRequests.update, { code: 'NO-SUCH-ITEM', changes: { revision: 0, name: '不存在' } }, editor), 'ITEM.NOT_FOUND');
    await rejectsWith(bus.request(itemRequests.publish, { code: 'NO-SUCH-ITEM', revision: 0 }, editor), 'ITEM.NOT_FOUND');
    await rejectsWith(bus.request(itemRequests.withdraw, { code: 'NO-SUCH-ITEM', reason: '不存在' }, editor), 'ITEM.NOT_FOUND');
  });

  it('returns the first answer to a retried create with the same Idempotency-Key, and refuses the key for another item', async () => {
    const body = newItemBody();
    const key = `create-${body.code}`;
    const [first, second] = await Promise.all([
      bus.request(itemRequests.create, { item: body, idempotencyKey: key }, editor),
      bus.request(itemRequests.create, { item: body, idempotencyKey: key }, editor),
    ]);
    assert.deepEqual(second, first);
    await rejectsWith(bus.request(itemRequests.create, { item: newItemBody(), idempotencyKey: key }, editor), 'PLATFORM.IDEMPOTENCY_KEY_REUSED');
    const other = await bus.request(itemRequests.create, { item: newItemBody(), idempotencyKey: key }, { ...editor, subject: 'staff:someone-else' });
    assert.equal(other.version, 1, 'keys are scoped to their caller');
  });

  it('searches each item once, by its newest version, with filters, pages and totals', async () => {
    const tag = `检索${Date.now()}`;
    const codes: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const item = await bus.request(
        itemRequests.create,
        {
          item: newItemBody({
            name: `${tag}事项${i}`,
            departmentCode: i < 3 ? 'TAX' : 'HRSS',
            level: i === 4 ? 'city' : 'region',
            divisionCode: i === 4 ? '150100' : '150000',
          }),
        },
        editor,
      );
      codes.push(item.code);
    }
    const published = await bus.request(itemRequests.publish, { code: codes[0], revision: 0 }, editor);
    await bus.request(itemRequests.update, { code: codes[0], changes: { revision: published.revision, name: `${tag}事项0新版` } }, editor);

    const all = await bus.request(itemRequests.search, { q: tag, page: 1, size: 2 }, anonymousCaller);
    assert.equal(all.total, 5);
    assert.equal(all.items.length, 2);
    const page3 = await bus.request(itemRequests.search, { q: tag, page: 3, size: 2 }, anonymousCaller);
    assert.equal(page3.items.length, 1);
    const past = await bus.request(itemRequests.search, { q: tag, page: 9, size: 2 }, anonymousCaller);
    assert.deepEqual([past.items.length, past.total], [0, 5]);

    const heads = await bus.request(itemRequests.search, { q: tag, page: 1, size: 50 }, anonymousCaller);
    const first = heads.items.find((i) => i.code === codes[0])!;
    assert.deepEqual([first.version, first.status], [2, 'draft'], 'without a status filter, the newest version stands for the item');

    const publishedOnly = await bus.request(itemRequests.search, { q: tag, status: 'published', page: 1, size: 50 }, anonymousCaller);
    assert.deepEqual(
      publishedOnly.items.map((i) => [i.code, i.version]),
      [[codes[0], 1]],
    );

    const tax = await bus.request(itemRequests.search, { q: tag, department: 'TAX', page: 1, size: 50 }, anonymousCaller);
    assert.equal(tax.total, 3);
    const city = await bus.request(itemRequests.search, { q: tag, level: 'city', division: '150100', page: 1, size: 50 }, anonymousCaller);
    assert.deepEqual(
      city.items.map((i) => i.code),
      [codes[4]],
    );
    const likeIsLiteral = await bus.request(itemRequests.search, { q: '%', page: 1, size: 50 }, anonymousCaller);
    assert.equal(likeIsLiteral.total, 0, '% in a keyword is matched literally');
  });

  it('announces publication and withdrawal on JetStream exactly once each, through the outbox', async () => {
    const created = await bus.request(itemRequests.create, { item: newItemBody() }, editor);
    const published = await bus.request(itemRequests.publish, { code: created.code, revision: 0 }, editor);
    await bus.request(itemRequests.withdraw, { code: created.code, reason: '职能调整' }, editor);

    const events = await eventually(async () => {
      const found = (await readStream(nc, prefix, 'item')).filter((e) => (e.envelope.data as { code: string }).code === created.code);
      assert.equal(found.length, 2);
      return found;
    });
    assert.deepEqual(
      events.map((e) => e.subject),
      [`${prefix}.evt.item.item.published`, `${prefix}.evt.item.item.withdrawn`],
    );
    const [publishedEvent, withdrawnEvent] = events;
    assert.deepEqual(publishedEvent.envelope.data, published);
    assert.deepEqual(publishedEvent.envelope.actor, editor);
    assert.equal(publishedEvent.msg.headers?.get('Nats-Msg-Id'), publishedEvent.envelope.id);
    assert.equal((withdrawnEvent.envelope.data as { reason: string }).reason, '职能调整');
    // The relay deletes its rows in the transaction that published them, which commits just
    // after the stream has them: the outbox empties a moment after the events arrive.
    await eventually(async () => {
      const [{ count }] = await withClient(db.url, (c) => c.query('SELECT count(*)::int AS count FROM item.outbox')).then((r) => r.rows as { count: number }[]);
      assert.equal(count, 0, 'published events leave the outbox');
    });
  });

  it('reports ready while NATS and the database are up', async () => {
    await app.listen(0, '127.0.0.1');
    const response = await fetch(`${await app.getUrl()}/health/ready`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ready', checks: { nats: 'up', database: 'up', requests: 'up' } });
  });
});
