import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LOGGER, type AppLogger } from '@igs/platform';
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
 * Group commit of the call audit: records wait in memory while a batch is being written,
 * then go in together in one INSERT. `record` resolves only once the batch holding the
 * record is committed, so a caller answered after it knows its audit is durable.
 */
@Injectable()
export class AuditWriter implements OnApplicationBootstrap, OnApplicationShutdown {
  private queue: { entry: AuditEntry; done: (error?: unknown) => void }[] = [];
  private writing?: Promise<void>;
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
    while (this.writing || this.queue.length > 0) await (this.writing ?? this.flush());
  }

  record(entry: AuditEntry): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ entry, done: (error) => (error ? reject(error) : resolve()) });
      if (!this.writing) this.writing = this.flush();
    });
  }

  private async flush(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, maxBatch);
        try {
          await this.insert(batch.map((item) => item.entry));
          for (const item of batch) item.done();
        } catch (error) {
          this.logger.error({ err: error, records: batch.length }, 'audit batch failed; its calls are answered with an error');
          for (const item of batch) item.done(error);
        }
      }
    } finally {
      this.writing = undefined;
    }
  }

  private async insert(entries: AuditEntry[]): Promise<void> {
    const column = <T>(pick: (entry: AuditEntry) => T) => entries.map(pick);
    const usage = new Map<string, number>();
    for (const entry of entries) {
      if (entry.outcome !== 'allowed' || !entry.dockingId) continue;
      const key = `${entry.at.toISOString().slice(0, 10)}|${entry.dockingId}`;
      usage.set(key, (usage.get(key) ?? 0) + 1);
    }
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO exchange.call_audit (call_id, request_id, at, kind, consumer_department, consumer_app, caller, provider_department, catalog_code,
           fields_requested, fields_returned, policies, purpose, row_count, outcome, denial_code, latency_ms, trace_id, docking_id)
         SELECT a.call_id, a.request_id, a.at, a.kind, a.consumer_department, a.consumer_app, a.caller, a.provider_department, a.catalog_code,
           string_to_array(a.fields_requested, ','), string_to_array(a.fields_returned, ','), a.policies, a.purpose, a.row_count, a.outcome, a.denial_code, a.latency_ms, a.trace_id, a.docking_id
         FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[],
           $12::jsonb[], $13::text[], $14::int[], $15::text[], $16::text[], $17::real[], $18::text[], $19::uuid[])
           AS a(call_id, request_id, at, kind, consumer_department, consumer_app, caller, provider_department, catalog_code, fields_requested, fields_returned,
             policies, purpose, row_count, outcome, denial_code, latency_ms, trace_id, docking_id)`,
        [
          column((e) => e.callId),
          column((e) => e.requestId ?? null),
          column((e) => e.at.toISOString()),
          column((e) => e.kind),
          column((e) => e.consumerDepartment ?? null),
          column((e) => e.consumerApp ?? null),
          column((e) => e.caller),
          column((e) => e.providerDepartment ?? null),
          column((e) => e.catalogCode),
          column((e) => e.fieldsRequested.join(',')),
          column((e) => e.fieldsReturned.join(',')),
          column((e) => JSON.stringify(e.policies)),
          column((e) => e.purpose),
          column((e) => e.rowCount),
          column((e) => e.outcome),
          column((e) => e.denialCode ?? null),
          column((e) => e.latencyMs),
          column((e) => e.traceId ?? null),
          column((e) => e.dockingId ?? null),
        ],
      );
      if (usage.size > 0) {
        const keys = [...usage.keys()].sort();
        await manager.query(
          `INSERT INTO exchange.docking_usage AS u (day, docking_id, calls) SELECT * FROM unnest($1::date[], $2::uuid[], $3::bigint[])
           ON CONFLICT (day, docking_id) DO UPDATE SET calls = u.calls + EXCLUDED.calls`,
          [keys.map((k) => k.split('|')[0]), keys.map((k) => k.split('|')[1]), keys.map((k) => usage.get(k))],
        );
      }
    });
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
