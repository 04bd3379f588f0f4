import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { exchangeRequests, type Caller } from '@igs/contracts';
import { RemoteError } from '@igs/platform';
import { createTestBus, demandBody, memoryLogger, newCatalogBody, withClient } from '@igs/testing';
import { http } from './http.js';
import { startPlatform, type RunningPlatform } from './platform.js';
import { appToken, bearer } from './tokens.js';

const app = (name: string) => ({ clientId: `${name}-system`, secret: `demo-secret-${name}-change-me` });
const base = '/api/v1/exchange';

/**
 * One department's malformed calls must not fail another's. All are sent straight over
 * NATS, past the gateway's checks, as a buggy or hostile system on the bus would send them.
 */
describe('poisoned data calls of one department among good calls of another', () => {
  let platform: RunningPlatform;
  let health: Record<string, string>;
  const catalog = newCatalogBody();
  const key = { id_number: '150102199003071237' };
  const tax: Caller = { subject: 'tax-system', type: 'app', departmentCode: 'TAX', appId: 'tax-system', scopes: ['data:call'] };
  const healthApp: Caller = { subject: 'health-system', type: 'app', departmentCode: 'HEALTH', appId: 'health-system', scopes: ['data:call'] };

  before(async () => {
    platform = await startPlatform({ withItem: false, withExchange: true });
    const police = bearer(await appToken(platform.issuer, app('public-security'), 'exchange:read exchange:catalog exchange:approve'));
    health = bearer(await appToken(platform.issuer, app('health'), 'exchange:read data:call'));
    const taxStaff = bearer(await appToken(platform.issuer, app('tax'), 'exchange:read'));
    assert.equal((await http(platform.url, 'POST', `${base}/catalogs`, catalog, police)).status, 201);
    await http(platform.url, 'POST', `${base}/catalogs/${catalog.code}/publish`, { revision: 0, legalBasis: '《居民身份证法》' }, police);
    const row = { ...key, full_name: '张三', birth_date: '1990-03-07', household_address: '呼和浩特市示例路1号' };
    await http(platform.url, 'POST', `${base}/catalogs/${catalog.code}/resource`, JSON.stringify(row), { ...police, 'content-type': 'application/x-ndjson' });
    for (const consumer of [health, taxStaff]) {
      const demand = await http(
        platform.url,
        'POST',
        `${base}/demands`,
        demandBody(catalog.code, ['full_name', 'birth_date'], { legalBasis: '《个人信息保护法》', expectedDailyVolume: 100000 }),
        consumer,
      );
      assert.equal(demand.status, 201, JSON.stringify(demand.body));
      await http(platform.url, 'POST', `${base}/demands/${demand.body.id}/approve`, { fields: ['full_name', 'birth_date'], dailyQuota: 10_000_000 }, police);
    }
    // A refusal no check before the database knows of: a rule the database holds.
    await withClient(platform.db.url, (client) =>
      client.query("ALTER TABLE exchange.call_audit ADD CONSTRAINT e2e_refuses CHECK (purpose NOT LIKE '%REFUSED-BY-DB%')"),
    );
    const warmUp = () => http(platform.url, 'POST', `/api/v1/data/${catalog.code}/query`, { keys: key, fields: ['birth_date'], purpose: '预热' }, health);
    for (let tries = 0; (await warmUp()).status !== 200; tries += 1) {
      assert.ok(tries < 100, 'the docking entry reached the exchange');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });
  after(() => platform?.stop());

  it(
    'answers every good call 200 with exactly one audit record, and refuses each poisoned call alone, recording those that reached the audit',
    { timeout: 60_000 },
    async () => {
      const { bus, close } = await createTestBus(platform.nats, memoryLogger('poisoner').logger);
      try {
        // What each kind of poisoned call is answered, and whether it becomes a call at all:
        // one whose payload breaks the contract is refused by the exchange's own check before
        // it is a call (as at the gateway); the others are audited as refused.
        const poisons = [
          { purpose: '核验\u0000', requestId: undefined, code: 'PLATFORM.VALIDATION', field: 'body.purpose', audited: false },
          { purpose: '核验\uD800', requestId: undefined, code: 'PLATFORM.VALIDATION', field: 'body.purpose', audited: false },
          { purpose: '核验', requestId: 'tax\u0000call', code: 'PLATFORM.VALIDATION', field: 'X-Request-Id', audited: true },
          { purpose: '核验', requestId: '150105199208152347', code: 'PLATFORM.VALIDATION', field: 'X-Request-Id', audited: true },
          { purpose: 'REFUSED-BY-DB', requestId: 'db-refused', code: 'EXCHANGE.CALL_NOT_RECORDABLE', field: undefined, audited: true },
        ];
        const poisoned = Array.from({ length: 50 }, (_, i) => poisons[i % poisons.length]);
        const good = Array.from({ length: 400 }, (_, i) => `good-${i}`);
        const sendPoisoned = ({ purpose, requestId }: (typeof poisons)[number], i: number) =>
          bus
            .request(exchangeRequests.query, { catalogCode: catalog.code, body: { keys: key, fields: ['full_name'], purpose } }, tax, {
              requestId: requestId === 'db-refused' ? `db-refused-${i}` : requestId,
            })
            .then(
              () => ({ code: 'OK', fields: [] as string[] }),
              (error: RemoteError) => ({ code: error.code, fields: ((error.details as { errors?: { field: string }[] })?.errors ?? []).map((e) => e.field) }),
            );
        const sendGood = (requestId: string) =>
          bus
            .request(
              exchangeRequests.query,
              { catalogCode: catalog.code, body: { keys: key, fields: ['full_name', 'birth_date'], purpose: '负载下核验' } },
              healthApp,
              { requestId },
            )
            .then(
              () => 200,
              (error: RemoteError) => error.code,
            );
        const since = new Date();
        // Interleaved, one poisoned call after every eight good ones, all sent at once: they
        // reach the exchange together and share its batches.
        const goodAnswers: Promise<number | string>[] = [];
        const poisonedAnswers: Promise<{ code: string; fields: string[] }>[] = [];
        good.forEach((requestId, i) => {
          goodAnswers.push(sendGood(requestId));
          if (i % 8 === 7) poisonedAnswers.push(sendPoisoned(poisoned[poisonedAnswers.length], poisonedAnswers.length));
        });
        const goodStatuses = await Promise.all(goodAnswers);
        const poisonedAnswered = await Promise.all(poisonedAnswers);
        assert.equal(poisonedAnswered.length, poisoned.length);

        const failed = goodStatuses.filter((status) => status !== 200);
        assert.deepEqual(failed, [], `${failed.length} of ${good.length} good calls failed`);
        poisonedAnswered.forEach((answer, i) => {
          assert.equal(answer.code, poisoned[i].code, JSON.stringify(poisoned[i]));
          if (poisoned[i].field) assert.deepEqual(answer.fields, [poisoned[i].field]);
        });

        const records = await withClient(platform.db.url, (client) =>
          client.query('SELECT * FROM exchange.call_audit WHERE at >= $1', [since]).then((result) => result.rows),
        );
        const goodRecords = new Map<string, number>();
        for (const record of records.filter((r) => r.consumer_department === 'HEALTH'))
          goodRecords.set(record.request_id, (goodRecords.get(record.request_id) ?? 0) + 1);
        for (const requestId of good) assert.equal(goodRecords.get(requestId), 1, `${requestId} has exactly one audit record`);

        const taxRecords = records.filter((r) => r.consumer_department === 'TAX');
        assert.ok(
          taxRecords.every((r) => r.outcome === 'denied'),
          'no poisoned call was allowed',
        );
        const count = (code: string, requestId: (id: string | null) => boolean) =>
          taxRecords.filter((r) => r.denial_code === code && requestId(r.request_id)).length;
        const sent = (kind: number) => poisoned.filter((p) => p === poisons[kind]).length;
        assert.equal(
          count('PLATFORM.VALIDATION', (id) => id === null),
          sent(2) + sent(3),
          'each call with an unkept request id has its refused record, without the id',
        );
        assert.equal(
          count('EXCHANGE.CALL_NOT_RECORDABLE', (id) => id?.startsWith('db-refused-') ?? false),
          sent(4),
          'each call the database refused has its refused record',
        );
        assert.equal(taxRecords.length, sent(2) + sent(3) + sent(4), 'a call refused by the contract is not a call, and has no record');
        assert.ok(
          taxRecords.every((r) => !JSON.stringify(r).includes('150105199208152347')),
          'a request id that could hold an ID number is not kept',
        );
      } finally {
        await close();
      }
    },
  );
});
