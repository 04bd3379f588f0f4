import { randomInt } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  AppError,
  createInstrument,
  LocalCalendar,
  LOGGER,
  pgPoolOf,
  platformMetrics,
  RateLimitedLog,
  secondsSince,
  tooLateToStart,
  type AppLogger,
} from '@igs/platform';
import type { Counter, Histogram } from '@opentelemetry/api';
import type { DataSource } from 'typeorm';
import { toRecord, type AuditEntry, type AuditRecord, type StoredRow } from './audit-record.js';
import { isRefusedRow, refusalOf, refusedRecords } from './refused-call.js';

interface Queued {
  entry: AuditEntry;
  /** performance.now() when the call arrived, for its recorded latency. */
  started: number;
  /** When the caller stops waiting (epoch ms), if it said. */
  deadline?: number;
  done: (error: unknown, row?: StoredRow) => void;
}

const maxBatch = 1000;
/**
 * Batches in flight at once. While one batch waits for its commit the next one is already
 * being sent, so a call waits for at most one commit besides its own.
 */
const concurrentBatches = 2;

// One statement per batch reads the rows the calls ask for, writes their audit records (the
// row count, the fields returned and the row's load batch follow from what was found), and
// counts the docking entries' daily usage by the region's local day ($3). The records come
// as one JSON document, a single parameter encoded natively rather than element by element.
// A call is answered from the rows this statement returns, so no answer leaves before its
// record is committed, and each call costs one round trip to PostgreSQL.
const readAndRecord = {
  name: 'exchange-call-batch',
  text: `WITH calls AS (
      SELECT *, to_timestamp(at_ms / 1000) AS at FROM json_to_recordset($1::json) AS c(n int, call_id uuid, request_id text, at_ms float8, kind text, consumer_department text,
        consumer_app text, caller text, provider_department text, catalog_code text, fields_requested text[], fields_returned text[],
        policies jsonb, purpose text, outcome text, denial_code text, latency_ms real, trace_id text, docking_id uuid, catalog_id bigint, key_token text)
    ), found AS (
      SELECT c.n, r.key_token, r.payload, r.batch_id FROM calls c
      JOIN exchange.resource_rows r ON r.catalog_id = c.catalog_id AND r.key_token = c.key_token
    ), audit AS (
      INSERT INTO exchange.call_audit (call_id, request_id, at, kind, consumer_department, consumer_app, caller, provider_department, catalog_code,
        fields_requested, fields_returned, policies, purpose, row_count, outcome, denial_code, latency_ms, trace_id, docking_id, source_batch)
      SELECT c.call_id, c.request_id, c.at, c.kind, c.consumer_department, c.consumer_app, c.caller, c.provider_department, c.catalog_code,
        c.fields_requested, CASE WHEN f.n IS NULL THEN '{}' ELSE c.fields_returned END, c.policies, c.purpose,
        CASE WHEN f.n IS NULL THEN 0 ELSE 1 END, c.outcome, c.denial_code, c.latency_ms, c.trace_id, c.docking_id, f.batch_id
      FROM calls c LEFT JOIN found f ON f.n = c.n
    ), usage AS (
      INSERT INTO exchange.docking_usage AS u (day, docking_id, slot, calls)
        SELECT (at AT TIME ZONE $3::text)::date, docking_id, $2, count(*) FROM calls
        WHERE outcome = 'allowed' AND docking_id IS NOT NULL GROUP BY 1, 2
      ON CONFLICT (day, docking_id, slot) DO UPDATE SET calls = u.calls + EXCLUDED.calls
    )
    SELECT n, key_token, payload, batch_id FROM found`,
};

/**
 * Group commit of the data calls: calls wait in memory while batches are being written,
 * then go in together in one statement that reads their rows and records their audit.
 * `record` resolves, with the call's row, only once the batch holding it is committed.
 */
@Injectable()
export class CallRecorder implements OnApplicationBootstrap, OnApplicationShutdown {
  private queue: Queued[] = [];
  /** Each writer counts usage into its own slot (see the docking_usage slots migration). */
  private readonly freeSlots = Array.from({ length: concurrentBatches }, () => randomInt(2 ** 31 - 1));
  private readonly writing = new Set<Promise<void>>();
  private scheduled = false;
  private timer?: NodeJS.Timeout;
  /** While the database is down every batch fails: said once per interval, with a count. */
  private readonly failures: RateLimitedLog;
  /** Calls per committed statement, its time in PostgreSQL, and the batches that failed. */
  private readonly batchSize: Histogram = createInstrument(platformMetrics.auditBatchSize);
  private readonly commitDuration: Histogram = createInstrument(platformMetrics.auditCommitDuration);
  private readonly commitFailures: Counter = createInstrument(platformMetrics.auditCommitFailures);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(LOGGER) private readonly logger: AppLogger,
    private readonly calendar: LocalCalendar,
  ) {
    this.failures = new RateLimitedLog(logger);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.ensurePartitions();
    this.timer = setInterval(() => void this.ensurePartitions().catch((error: unknown) => this.logger.error({ err: error }, 'audit partitions')), 3_600_000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    while (this.writing.size > 0 || this.queue.length > 0) {
      this.startBatches();
      await Promise.all(this.writing);
    }
  }

  /**
   * Records the call (and reads its row when it has a lookup). `started` is the call's
   * performance.now() at arrival; the recorded latency runs until its batch is sent. A call
   * whose deadline comes before its batch is written is rejected (504) instead.
   */
  record(entry: AuditEntry, started: number, deadline?: number): Promise<StoredRow | undefined> {
    return new Promise((resolve, reject) => {
      this.queue.push({ entry, started, deadline, done: (error, row) => (error ? reject(error) : resolve(row)) });
      // The calls of one turn of the event loop go into one batch rather than one batch each.
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.startBatches();
        });
      }
    });
  }

  private startBatches(): void {
    while (this.freeSlots.length > 0 && this.queue.length > 0) {
      const slot = this.freeSlots.pop()!;
      const batch = this.queue.splice(0, maxBatch);
      const written: Promise<void> = this.write(batch, slot).finally(() => {
        this.writing.delete(written);
        this.freeSlots.push(slot);
        this.startBatches();
      });
      this.writing.add(written);
    }
  }

  private async write(queued: Queued[], slot: number): Promise<void> {
    const batch = withoutExpired(queued, Date.now());
    if (batch.length === 0) return;
    const now = performance.now();
    const records = batch.map((item, n) => toRecord(n, item.entry, now - item.started));
    try {
      const found = await this.readAndRecord(records, slot);
      batch.forEach((item, n) => item.done(undefined, found.get(n)));
    } catch (error) {
      if (!isRefusedRow(error)) return this.unavailable(batch, error);
      // One record the database refuses (a text it cannot store, past every check before it)
      // must fail its own call only. Nothing of the batch was committed, so the batch is
      // written again in halves, and the halves that fail in halves again, until the refused
      // records stand alone: a few refused calls among a thousand cost a few dozen statements.
      this.logger.warn(
        { records: batch.length, code: (error as { code: string }).code },
        'the database refused a record of a call batch; the batch is written in parts',
      );
      await this.isolate(batch, records, slot);
    }
  }

  private async isolate(batch: Queued[], records: AuditRecord[], slot: number): Promise<void> {
    if (records.length === 1) return this.refuse(batch[records[0].n], records[0], slot);
    const half = records.length >> 1;
    for (const part of [records.slice(0, half), records.slice(half)]) {
      try {
        const found = await this.readAndRecord(part, slot);
        for (const record of part) batch[record.n].done(undefined, found.get(record.n));
      } catch (error) {
        if (isRefusedRow(error)) await this.isolate(batch, part, slot);
        else
          this.unavailable(
            part.map((record) => batch[record.n]),
            error,
          );
      }
    }
  }

  /** A record the database refused alone: its call is refused, and recorded as refused. */
  private async refuse(item: Queued, record: AuditRecord, slot: number): Promise<void> {
    const refusal = refusalOf(item.entry);
    for (const denied of refusedRecords(record, refusal)) {
      try {
        await this.readAndRecord([denied], slot);
        this.logger.warn({ callId: record.call_id, code: refusal.code }, 'a call was refused: the database would not store its record as sent');
        return item.done(refusal);
      } catch (error) {
        if (!isRefusedRow(error)) return this.unavailable([item], error);
      }
    }
    this.logger.error({ callId: record.call_id }, 'the record of a refused call was refused too; the call is answered 503');
    this.unavailable([item], undefined);
  }

  /** The calls' rows by their record's n, once their records are committed. */
  private async readAndRecord(records: AuditRecord[], slot: number): Promise<Map<number, StoredRow>> {
    const started = performance.now();
    try {
      const { rows } = await pgPoolOf(this.dataSource).query<StoredRow & { n: number }>({
        name: readAndRecord.name,
        text: readAndRecord.text,
        values: [JSON.stringify(records), slot, this.calendar.timeZone],
      });
      this.commitDuration.record(secondsSince(started));
      this.batchSize.record(records.length);
      return new Map(rows.map((row) => [row.n, row]));
    } catch (error) {
      this.commitFailures.add(1, { 'error.type': failureType(error) });
      throw error;
    }
  }

  private unavailable(calls: Queued[], error: unknown): void {
    if (error !== undefined) this.failures.error('call batch', { err: error, records: calls.length }, 'call batch failed; its calls are answered 503');
    // Nothing of these calls was committed (one statement), so none was answered or
    // recorded: the callers may simply try again.
    const unavailable = new AppError('PLATFORM.SERVICE_UNAVAILABLE', 'the call could not be recorded, so it was not answered; try again', undefined, {
      cause: error,
    });
    for (const item of calls) item.done(unavailable);
  }

  /** Daily partitions from yesterday to a week ahead; the default partition catches the rest. */
  private async ensurePartitions(): Promise<void> {
    for (let offset = -1; offset <= 7; offset += 1) {
      const day = new Date(Date.now() + offset * 86_400_000);
      const from = day.toISOString().slice(0, 10);
      const to = new Date(Date.parse(`${from}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      const name = `call_audit_${from.replace(/-/g, '')}`;
      const exists: unknown[] = await this.dataSource.query(`SELECT 1 FROM pg_tables WHERE schemaname = 'exchange' AND tablename = $1`, [name]);
      if (exists.length > 0) continue;
      await this.dataSource
        .query(`CREATE TABLE IF NOT EXISTS exchange.${name} PARTITION OF exchange.call_audit FOR VALUES FROM ('${from}T00:00:00Z') TO ('${to}T00:00:00Z')`)
        .catch((error: unknown) =>
          this.logger.warn({ err: error, partition: name }, 'audit partition not created (rows of that day may already be in the default partition)'),
        );
    }
  }
}

/** A bounded label for a failed commit: PostgreSQL's SQLSTATE, or the connection error's code. */
function failureType(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && /^[A-Z0-9_]{1,32}$/.test(code) ? code : 'unknown';
}

/**
 * The calls whose callers still wait. One that waited for its batch past its deadline (the
 * gateway has answered 504, or will before this batch commits) is neither read, recorded nor
 * counted against its quota: it did not happen, as the caller was told.
 */
function withoutExpired(batch: Queued[], now: number): Queued[] {
  if (!batch.some((item) => tooLateToStart(item.deadline, now))) return batch;
  const late = new AppError('PLATFORM.UPSTREAM_TIMEOUT', 'the call reached its deadline before it was recorded, so it was not executed');
  return batch.filter((item) => {
    if (!tooLateToStart(item.deadline, now)) return true;
    item.done(late);
    return false;
  });
}
