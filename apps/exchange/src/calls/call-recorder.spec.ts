import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError, LocalCalendar } from '@igs/platform';
import { memoryLogger } from '@igs/testing';
import type { DataSource } from 'typeorm';
import type { AuditEntry } from './audit-record.js';
import { CallRecorder } from './call-recorder.js';

// The database is real in the e2e specs; here it fails on purpose, which a real one will
// not do on cue: the statement is rejected as when the connection to PostgreSQL is lost.
const failingDatabase = { driver: { master: { query: () => Promise.reject(new Error('Connection terminated unexpectedly')) } } } as unknown as DataSource;

const entry = (n: number): AuditEntry => ({
  callId: `00000000-0000-4000-8000-00000000000${n}`,
  at: new Date(),
  kind: 'query',
  caller: 'app:spec',
  catalogCode: 'CAT-SPEC',
  fieldsRequested: ['full_name'],
  fieldsReturned: ['full_name'],
  policies: { full_name: 'masked' },
  purpose: 'spec',
  outcome: 'allowed',
  lookup: { catalogId: '1', keyToken: 'token' },
});

describe(CallRecorder.name, () => {
  it('answers every call of a failed batch with 503 SERVICE_UNAVAILABLE and logs the failure once', async () => {
    const { logger, lines } = memoryLogger('spec');
    const recorder = new CallRecorder(failingDatabase, logger, new LocalCalendar('Asia/Shanghai'));
    const results = await Promise.allSettled([1, 2, 3].map((n) => recorder.record(entry(n), performance.now())));
    for (const result of results) {
      assert.equal(result.status, 'rejected');
      const error = (result as PromiseRejectedResult).reason as AppError;
      assert.ok(error instanceof AppError);
      assert.equal(error.code, 'PLATFORM.SERVICE_UNAVAILABLE');
    }
    const failures = lines().filter((line) => String(line.msg).startsWith('call batch failed'));
    assert.equal(failures.length, 1, 'the three calls went in one batch');
    assert.equal(failures[0].records, 3);
  });

  it('answers 503, not a refusal, when the database goes away while a refused batch is written in parts', async () => {
    // The first statement is refused for a row (SQLSTATE 22P05), every later one finds the
    // database gone: no call may be blamed for the outage.
    let statements = 0;
    const refusedThenGone = {
      driver: {
        master: {
          query: () =>
            Promise.reject(
              statements++ === 0
                ? Object.assign(new Error('unsupported Unicode escape sequence'), { code: '22P05' })
                : new Error('Connection terminated unexpectedly'),
            ),
        },
      },
    } as unknown as DataSource;
    const { logger } = memoryLogger('spec');
    const recorder = new CallRecorder(refusedThenGone, logger, new LocalCalendar('Asia/Shanghai'));
    const results = await Promise.allSettled([1, 2, 3, 4].map((n) => recorder.record(entry(n), performance.now())));
    assert.deepEqual(
      results.map((result) => ((result as PromiseRejectedResult).reason as AppError).code),
      ['PLATFORM.SERVICE_UNAVAILABLE', 'PLATFORM.SERVICE_UNAVAILABLE', 'PLATFORM.SERVICE_UNAVAILABLE', 'PLATFORM.SERVICE_UNAVAILABLE'],
    );
    assert.equal(statements, 3, 'the batch, then each of its halves');
  });
});
