import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { scopes, type Caller, type CallListQuery } from '@igs/contracts';
import { AppError, LocalCalendar, platformDepartment, requireScope } from '@igs/platform';
import type { DataSource } from 'typeorm';

interface AuditRow {
  call_id: string;
  request_id: string | null;
  at: Date;
  kind: 'query' | 'verify';
  consumer_department: string | null;
  consumer_app: string | null;
  provider_department: string | null;
  catalog_code: string;
  fields_requested: string[];
  fields_returned: string[];
  policies: Record<string, string>;
  purpose: string;
  row_count: number;
  outcome: 'allowed' | 'denied';
  denial_code: string | null;
  latency_ms: number;
  trace_id: string | null;
  source_batch: string | null;
  load_id: string | null;
  source_system: string | null;
  loaded_at: Date | null;
  total: string;
}

/** Reading the call audit: consumers see their calls, providers the calls on their catalogs. */
@Injectable()
export class CallAuditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly calendar: LocalCalendar,
  ) {}

  async list(query: CallListQuery, caller: Caller) {
    requireScope(caller, scopes.exchangeRead);
    if (!caller.departmentCode) throw new AppError('AUTH.FORBIDDEN', 'the call audit is read by departments');
    const from = query.from ?? new Date(Date.now() - 86_400_000).toISOString();
    const to = query.to ?? new Date(Date.now() + 60_000).toISOString();
    const params: unknown[] = [from, to];
    const clauses = ['at >= $1', 'at < $2'];
    if (caller.departmentCode !== platformDepartment) {
      params.push(caller.departmentCode);
      clauses.push(`${query.role === 'provider' ? 'provider_department' : 'consumer_department'} = $${params.length}`);
    }
    const filters = { catalog_code: query.catalog, outcome: query.outcome, request_id: query.requestId, call_id: query.callId };
    for (const [column, value] of Object.entries(filters)) {
      if (value === undefined) continue;
      params.push(value);
      clauses.push(`${column} = $${params.length}`);
    }
    params.push(query.size, (query.page - 1) * query.size);
    // The page is chosen first, then joined to the load batches of its rows: at most `size`
    // lookups by primary key, however many calls match.
    const rows: AuditRow[] = await this.dataSource.query(
      `SELECT a.*, b.load_id, b.source_system, b.loaded_at FROM (
         SELECT *, count(*) OVER () AS total FROM exchange.call_audit WHERE ${clauses.join(' AND ')} ORDER BY at DESC, call_id LIMIT $${params.length - 1} OFFSET $${params.length}
       ) a LEFT JOIN exchange.resource_batches b ON b.id = a.source_batch
       ORDER BY a.at DESC, a.call_id`,
      params,
    );
    return {
      calls: rows.map((row) => ({
        callId: row.call_id,
        requestId: row.request_id,
        at: row.at.toISOString(),
        kind: row.kind,
        consumerDepartment: row.consumer_department,
        consumerApp: row.consumer_app,
        providerDepartment: row.provider_department,
        catalogCode: row.catalog_code,
        fieldsRequested: row.fields_requested,
        fieldsReturned: row.fields_returned,
        policies: row.policies,
        purpose: row.purpose,
        rowCount: row.row_count,
        outcome: row.outcome,
        denialCode: row.denial_code,
        latencyMs: Number(row.latency_ms),
        traceId: row.trace_id,
        source: sourceOf(row),
      })),
      total: rows.length ? Number(rows[0].total) : 0,
      page: query.page,
      size: query.size,
    };
  }

  /** Calls served and denied per local day, catalog and consumer department, over the last week. */
  async perDay(): Promise<{ day: string; catalogCode: string; consumerDepartment: string | null; allowed: number; denied: number }[]> {
    const rows: { day: string; catalog_code: string; consumer_department: string | null; allowed: string; denied: string }[] = await this.dataSource.query(
      `SELECT to_char(at AT TIME ZONE $1::text, 'YYYY-MM-DD') AS day, catalog_code, consumer_department,
         count(*) FILTER (WHERE outcome = 'allowed') AS allowed, count(*) FILTER (WHERE outcome = 'denied') AS denied
       FROM exchange.call_audit WHERE at >= now() - interval '7 days' GROUP BY 1, 2, 3 ORDER BY 1 DESC, 2, 3`,
      [this.calendar.timeZone],
    );
    return rows.map((row) => ({
      day: row.day,
      catalogCode: row.catalog_code,
      consumerDepartment: row.consumer_department,
      allowed: Number(row.allowed),
      denied: Number(row.denied),
    }));
  }
}

/** Where the row a call read came from; null when it read none (the batch is joined by the list). */
function sourceOf({ source_batch: batchId, load_id: loadId, source_system: sourceSystem, loaded_at: loadedAt }: AuditRow) {
  return batchId && loadId && sourceSystem && loadedAt ? { batchId, loadId, sourceSystem, loadedAt: loadedAt.toISOString() } : null;
}
