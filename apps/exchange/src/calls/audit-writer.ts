import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomInt } from 'node:crypto';
import { LOGGER, pgPoolOf, type AppLogger } from '@igs/platform';
import type { DataSource } from 'typeorm';

export interface AuditEntry {
  callId: string;
  requestId?: string;
  at: Date;
  kind: 'query' | 'verify';
  consumerDepartment?: string;
  consumerApp?: string;
  caller: string;
  providerDepartment?: string;
  catalogCode: string;
  /** The docking entry that allowed the call; its daily usage is counted with the record. */
  dockingId?: string;
  fieldsRequested: string[];
  fieldsReturned: string[];
  policies: Record<string, string>;
  purpose: string;
  rowCount: number;
  outcome: 'allowed' | 'denied';
  denialCode?: string;
  latencyMs: number;
  traceId?: string;
}

const maxBatch = 1000;
/**
 * Batches written at once. While one batch waits for its commit the next one is already
 * being sent, so a call waits for at most one commit besides its own.
 */
const concurrentBatches = 2;

// One statement per batch: the records come as one JSON document (a single parameter,
// encoded natively rather than element by element), and the daily usage of the docking
// entries is counted in the same statement, so the batch and its usage commit together.
const insertBatch = {
  name: 'exchange-audit-batch',
  text: `WITH records AS (
      SELECT * FROM json_to_recordset($1::json) AS r(call_id uuid, request_id text, at timestamptz, kind text, consumer_department text,
        consumer_app text, caller text, provider_department text, catalog_code text, fields_requested text[], fields_returned text[],
        policies jsonb, purpose text, row_count int, outcome text, denial_code text, latency_ms real, trace_id text, docking_id uuid)
    ), audit AS (
      INSERT INTO exchange.call_audit (call_id, request_id, at, kind, consumer_department, consumer_app, caller, provider_department, catalog_code,
        fields_requested, fields_returned, policies, purpose, row_count, outcome, denial_code, latency_ms, trace_id, docking_id)
      SELECT call_id, request_id, at, kind, consumer_department, consumer_app, caller, provider_department, catalog_code,
        fields_requested, fields_returned, policies, purpose, row_count, outcome, denial_code, latency_ms, trace_id, docking_id FROM records
    )
    INSERT INTO exchange.docking_usage AS u (day, docking_id, slot, calls)
      SELECT (at AT TIME ZONE 'UTC')::date, docking_id, $2, count(*) FROM records
      WHERE outcome = 'allowed' AND docking_id IS NOT NULL GROUP BY 1, 2
    ON CONFLICT (day, docking_id, slot) DO UPDATE SET calls = u.calls + EXCLUDED.calls`,
};

interface Queued {
  entry: AuditEntry;
  done: (error?: unknown) => void;
}

/**
 * Group commit of the call audit: records wait in memory while batches are being written,
 * then go in together in one statement. `record` resolves only once the batch holding the
 * record is committed, so a caller answered after it knows its audit is durable.
 */
@Injectable()
export class AuditWriter implements OnApplicationBootstrap, OnApplicationShutdown {
  private queue: Queued[] = [];
  /** Each writer counts usage into its own slot (see the docking_usage migration). */
  private readonly freeSlots = Array.from({ length: concurrentBatches }, () => randomInt(2 ** 31 - 1));
  private readonly writing = new Set<Promise<void>>();
  private scheduled = false;
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {}

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

  record(entry: AuditEntry): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ entry, done: (error) => (error ? reject(error) : resolve()) });
      // The records of one turn of the event loop (the calls answered by one row read)
      // go into one batch rather than one batch each.
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

  private async write(batch: Queued[], slot: number): Promise<void> {
    try {
      await pgPoolOf(this.dataSource).query({ ...insertBatch, values: [JSON.stringify(batch.map(({ entry }) => toRecord(entry))), slot] });
      for (const item of batch) item.done();
    } catch (error) {
      this.logger.error({ err: error, records: batch.length }, 'audit batch failed; its calls are answered with an error');
      for (const item of batch) item.done(error);
    }
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
        .catch((error: unknown) => this.logger.warn({ err: error, partition: name }, 'audit partition not created (rows of that day may already be in the default partition)'));
    }
  }
}

function toRecord(entry: AuditEntry) {
  return {
    call_id: entry.callId,
    request_id: entry.requestId ?? null,
    at: entry.at,
    kind: entry.kind,
    consumer_department: entry.consumerDepartment ?? null,
    consumer_app: entry.consumerApp ?? null,
    caller: entry.caller,
    provider_department: entry.providerDepartment ?? null,
    catalog_code: entry.catalogCode,
    fields_requested: entry.fieldsRequested,
    fields_returned: entry.fieldsReturned,
    policies: entry.policies,
    purpose: entry.purpose,
    row_count: entry.rowCount,
    outcome: entry.outcome,
    denial_code: entry.denialCode ?? null,
    latency_ms: entry.latencyMs,
    trace_id: entry.traceId ?? null,
    docking_id: entry.dockingId ?? null,
  };
}
