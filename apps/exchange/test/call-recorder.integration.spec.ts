import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { AppError, pgPoolOf } from '@igs/platform';
import { createTestDatabase, memoryLogger, startTestNats, withClient, type TestDatabase, type TestNats } from '@igs/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuditEntry } from '../src/calls/audit-record.js';
import { CallRecorder } from '../src/calls/call-recorder.js';
import { loadExchangeConfig } from '../src/config.js';
import { createExchangeApp } from '../src/exchange-app.js';

// The recorder on a real PostgreSQL, given records that no check before it stopped: the
// contracts refuse such text at the edge, so only the recorder is tested here.
describe('the call recorder with records the database refuses', () => {
  let nats: TestNats;
  const log = memoryLogger('exchange');
  let db: TestDatabase;
  let app: NestFastifyApplication;
  let recorder: CallRecorder;
  let statements = 0;

  const entry = (department: string, purpose: string, extra: Partial<AuditEntry> = {}): AuditEntry => ({
    callId: randomUUID(),
    requestId: `rec-${randomUUID()}`,
    at: new Date(),
    kind: 'query',
    consumerDepartment: department,
    consumerApp: `${department.toLowerCase()}-system`,
    caller: `${department.toLowerCase()}-system`,
    providerDepartment: 'PUBLIC_SECURITY',
    catalogCode: 'PS-SPEC',
    fieldsRequested: ['full_name'],
    fieldsReturned: ['full_name'],
    policies: { full_name: 'masked' },
    purpose,
    outcome: 'allowed',
    ...extra,
  });
  const recordsOf = (callIds: string[]) =>
    withClient(db.url, (client) => client.query('SELECT * FROM exchange.call_audit WHERE call_id = ANY($1::uuid[])', [callIds])).then((result) => result.rows);

  before(async () => {
    db = await createTestDatabase('recorder');
    nats = await startTestNats();
    app = await createExchangeApp(loadExchangeConfig({ ...nats.envFor('exchange'), DATABASE_URL: db.url, LOG_LEVEL: 'warn' }), log.logger);
    await app.init();
    recorder = app.get(CallRecorder);
    // Counts the batch statements the recorder sends.
    const pool = pgPoolOf(app.get<DataSource>(getDataSourceToken()));
    const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
    (pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      if ((args[0] as { name?: string }).name === 'exchange-call-batch') statements += 1;
      return query(...args);
    };
  });
  after(async () => {
    await app?.close();
    await nats?.stop();
    await db?.drop();
  });

  it('writes a batch of good calls in one statement', async () => {
    const before = statements;
    const calls = Array.from({ length: 300 }, (_, i) => entry('HEALTH', `核验 ${i}`));
    await Promise.all(calls.map((call) => recorder.record(call, performance.now())));
    assert.equal(statements - before, 1);
    assert.equal((await recordsOf(calls.map((call) => call.callId))).length, 300);
  });

  it("fails only the calls whose records the database refuses, each answered and recorded as refused, none of its neighbours'", async () => {
    const good = Array.from({ length: 400 }, (_, i) => entry('HEALTH', `核验 ${i}`));
    const poisons: [Partial<AuditEntry>, string][] = [
      [{ purpose: '核验\u0000' }, 'purpose'],
      [{ purpose: '核验\uD800' }, 'purpose'],
      [{ requestId: 'rec\u0000x' }, 'X-Request-Id'],
      [{ consumerApp: 'tax\u0000system' }, 'caller.appId'],
      [{ fieldsRequested: ['full_name', 'x\uDC00'] }, 'fields'],
    ];
    const poisoned = Array.from({ length: 50 }, (_, i) => ({
      call: entry('TAX', '核验', poisons[i % poisons.length][0]),
      field: poisons[i % poisons.length][1],
    }));
    // Mixed, and sent in one turn of the event loop, so they go in the same batch.
    const mixed = [...good.map((call) => ({ call, field: undefined })), ...poisoned].sort(() => Math.random() - 0.5);
    const before = statements;
    const outcomes = await Promise.allSettled(mixed.map(({ call }) => recorder.record(call, performance.now())));
    assert.ok(statements - before > 1, 'the refused batch was written again in parts');

    mixed.forEach(({ call, field }, i) => {
      const outcome = outcomes[i];
      if (!field) return assert.equal(outcome.status, 'fulfilled', `${call.purpose}: ${String((outcome as PromiseRejectedResult).reason)}`);
      assert.equal(outcome.status, 'rejected');
      const error = (outcome as PromiseRejectedResult).reason as AppError;
      assert.ok(error instanceof AppError);
      assert.equal(error.code, 'PLATFORM.VALIDATION');
      assert.deepEqual(
        (error.details as { errors: { field: string }[] }).errors.map((e) => e.field),
        [field],
      );
    });
    const records = await recordsOf(mixed.map(({ call }) => call.callId));
    const byCall = new Map<string, Record<string, any>[]>();
    for (const record of records) byCall.set(record.call_id, [...(byCall.get(record.call_id) ?? []), record]);
    for (const call of good) {
      assert.equal(byCall.get(call.callId)?.length, 1, 'a good call has exactly one record');
      assert.equal(byCall.get(call.callId)![0].outcome, 'allowed');
    }
    for (const { call } of poisoned) {
      const [record, ...more] = byCall.get(call.callId) ?? [];
      assert.ok(record && more.length === 0, 'a refused call has exactly one record');
      assert.deepEqual([record.outcome, record.denial_code, record.consumer_department, record.fields_returned], ['denied', 'PLATFORM.VALIDATION', 'TAX', []]);
      assert.ok(!JSON.stringify(record).includes('\\u0000'));
    }
    const purposes = records.filter((record) => record.denial_code).map((record) => record.purpose);
    assert.ok(purposes.includes('核验\uFFFD'), 'a refused record keeps its text, each unstorable character replaced');

    // And the next batch is one statement again.
    const after = statements;
    await Promise.all(Array.from({ length: 10 }, (_, i) => recorder.record(entry('HEALTH', `之后 ${i}`), performance.now())));
    assert.equal(statements - after, 1);
  });

  it('refuses a call whose record breaks a rule of the database, recording it with its free text withheld', async () => {
    // A refusal the contracts know nothing of: a rule the database holds.
    await withClient(db.url, (client) =>
      client.query("ALTER TABLE exchange.call_audit ADD CONSTRAINT spec_refuses CHECK (purpose NOT LIKE '%REFUSED-BY-DB%')"),
    );
    try {
      const good = Array.from({ length: 100 }, (_, i) => entry('HEALTH', `核验 ${i}`));
      const refused = Array.from({ length: 5 }, () => entry('TAX', 'REFUSED-BY-DB'));
      const outcomes = await Promise.allSettled([...good, ...refused].map((call) => recorder.record(call, performance.now())));
      assert.ok(outcomes.slice(0, 100).every((outcome) => outcome.status === 'fulfilled'));
      for (const outcome of outcomes.slice(100)) {
        assert.equal(outcome.status, 'rejected');
        assert.equal(((outcome as PromiseRejectedResult).reason as AppError).code, 'EXCHANGE.CALL_NOT_RECORDABLE');
      }
      const records = await recordsOf(refused.map((call) => call.callId));
      assert.equal(records.length, 5);
      for (const record of records) {
        assert.deepEqual(
          [record.outcome, record.denial_code, record.purpose],
          ['denied', 'EXCHANGE.CALL_NOT_RECORDABLE', '(withheld: the database refused it as sent)'],
        );
        assert.match(record.request_id, /^rec-/, 'the request id is kept when the database takes it');
      }
    } finally {
      await withClient(db.url, (client) => client.query('ALTER TABLE exchange.call_audit DROP CONSTRAINT spec_refuses'));
    }
  });
});
