import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { requestIdPattern, type DataQueryBody, type DataQueryResult, type DataVerifyBody, type DataVerifyResult } from '@igs/contracts';
import type { DataKey } from '@igs/crypto';
import { AppError, LocalCalendar, type RequestContext } from '@igs/platform';
import { trace } from '@opentelemetry/api';
import { ResourceTokens } from '../resources/resource-tokens.js';
import type { AuditEntry, StoredRow } from './audit-record.js';
import { AuthorizationCopy } from './authorization-copy.js';
import { CallCatalogs, type CallCatalog } from './call-catalogs.js';
import { decideCall, type AllowedCall, type DeniedCall } from './call-decision.js';
import { CallMetrics } from './call-metrics.js';
import { CallRecorder } from './call-recorder.js';
import { DataKeys } from './data-keys.js';
import { DockingUsage } from './docking-usage.js';
import { FieldRendering } from './field-rendering.js';

/** A call that could not be decided (its catalog could not be read): recorded as denied with the error's code. */
interface UndecidedCall {
  allowed: false;
  code: string;
  error: unknown;
  aboutCatalog: false;
}

/** One data call as `audited` runs it: what was asked, by whom, and how an allowed call is answered from its row. */
interface AuditedCall<R> {
  kind: AuditEntry['kind'];
  catalogCode: string;
  /** The fields read (query) or compared (verify). */
  fields: string[];
  keys: Record<string, unknown>;
  purpose: string;
  ctx: RequestContext;
  /** Synchronous unless the row's data key must first be read (once per load batch). */
  answer(catalog: CallCatalog, row: StoredRow | undefined, department: string, allowed: AllowedCall): R | Promise<R>;
}

/**
 * The data-call path. The call is decided from the in-memory lists (decideCall); the row is
 * read by primary key in the same statement that commits the call's audit record
 * (CallRecorder); each field is rendered by its policy for this caller (FieldRendering);
 * and every call, allowed or denied, is answered only after its audit record is committed.
 */
@Injectable()
export class CallService {
  constructor(
    private readonly copy: AuthorizationCopy,
    private readonly catalogs: CallCatalogs,
    private readonly tokens: ResourceTokens,
    private readonly recorder: CallRecorder,
    private readonly quotas: DockingUsage,
    private readonly calendar: LocalCalendar,
    private readonly metrics: CallMetrics,
    private readonly dataKeys: DataKeys,
    private readonly rendering: FieldRendering,
  ) {}

  query(catalogCode: string, body: DataQueryBody, ctx: RequestContext): Promise<DataQueryResult> {
    return this.audited({
      kind: 'query',
      catalogCode,
      fields: body.fields,
      keys: body.keys,
      purpose: body.purpose,
      ctx,
      answer: (catalog, row, department, { policies }) => {
        if (!row) return { rows: [], policies: policies as DataQueryResult['policies'] };
        const renderRow = (key: DataKey) => ({
          rows: [this.rendering.renderRow(body.fields, catalog.fields, row, department, key)],
          policies: policies as DataQueryResult['policies'],
        });
        const key = this.dataKeys.peek(row.batch_id);
        return key ? renderRow(key) : this.dataKeys.get(row.batch_id).then(renderRow);
      },
    });
  }

  verify(catalogCode: string, body: DataVerifyBody, ctx: RequestContext): Promise<DataVerifyResult> {
    const fields = Object.keys(body.values);
    return this.audited({
      kind: 'verify',
      catalogCode,
      fields,
      keys: body.keys,
      purpose: body.purpose,
      ctx,
      answer: (catalog, row) => {
        const matches: Record<string, boolean> = {};
        for (const name of fields) matches[name] = this.rendering.matches(catalog.fields.get(name)!, row, body.values[name]);
        return { found: Boolean(row), matches };
      },
    });
  }

  /**
   * Decides a call, then records it and reads its row in one statement (CallRecorder), and
   * renders the answer from that row. A denied call is recorded as denied with its code. An
   * answer that fails after its record is committed (a row that will not decrypt) keeps its
   * "allowed" record: the record says what was released to be read.
   */
  private async audited<R>(call: AuditedCall<R>): Promise<R & { callId: string }> {
    const { kind, catalogCode, fields, purpose } = call;
    const { caller, requestId: given, deadline } = call.ctx;
    const started = performance.now();
    // The gateway sends only request ids of the contracts' form; one that is not (a message
    // from elsewhere) is not kept, since it could hold anything, and the call is refused.
    const requestId = given === undefined || requestIdPattern.test(given) ? given : undefined;
    const callId = randomUUID();
    const at = new Date();
    const traceId = trace.getActiveSpan()?.spanContext().traceId;
    // One literal with every field, not `{ ...common, ...decision }`: in V8 a property added
    // after a spread makes a new hidden class each time, and that cost 9 µs per call here.
    const entryOf = (
      decision: Pick<AuditEntry, 'providerDepartment' | 'dockingId' | 'outcome' | 'denialCode' | 'fieldsReturned' | 'policies' | 'lookup'>,
    ): AuditEntry => ({
      callId,
      requestId,
      at,
      kind,
      consumerDepartment: caller.departmentCode,
      consumerApp: caller.appId,
      caller: caller.subject,
      providerDepartment: decision.providerDepartment,
      catalogCode,
      dockingId: decision.dockingId,
      fieldsRequested: fields,
      fieldsReturned: decision.fieldsReturned,
      policies: decision.policies,
      purpose,
      outcome: decision.outcome,
      denialCode: decision.denialCode,
      traceId,
      lookup: decision.lookup,
    });
    let catalog: CallCatalog | undefined;
    let decision: AllowedCall | DeniedCall | UndecidedCall;
    try {
      catalog = this.catalogs.peek(catalogCode) ?? (await this.catalogs.get(catalogCode));
      decision = decideCall(
        { kind, caller, requestIdRefused: requestId !== given, catalogCode, fields, keys: call.keys },
        { lists: this.copy, catalog, quotas: this.quotas, today: this.calendar.today() },
      );
    } catch (error) {
      decision = { allowed: false, code: error instanceof AppError ? error.code : 'PLATFORM.INTERNAL', error, aboutCatalog: false };
    }
    if (!decision.allowed) {
      // Only a catalog known to exist gives the record its provider and the metrics its code.
      const known = decision.aboutCatalog ? catalog : undefined;
      const label = known && catalogCode;
      const entry = entryOf({
        providerDepartment: known?.row.provider_department,
        outcome: 'denied',
        denialCode: decision.code,
        fieldsReturned: [],
        policies: {},
      });
      try {
        await this.recorder.record(entry, started, deadline);
      } catch (failure) {
        this.metrics.failed(kind, label, failure, started);
        throw failure;
      }
      this.metrics.denied(kind, label, decision.code, started);
      throw 'error' in decision ? decision.error : new AppError(decision.code, decision.message, decision.errors && { errors: decision.errors });
    }
    const allowed = decision.catalog;
    try {
      const lookup = { catalogId: allowed.row.id, keyToken: this.tokens.rowKey(decision.keyValues) };
      const entry = entryOf({
        providerDepartment: allowed.row.provider_department,
        dockingId: decision.entry.id,
        outcome: 'allowed',
        fieldsReturned: decision.returned,
        policies: decision.policies,
        lookup,
      });
      const row = await this.recorder.record(entry, started, deadline);
      this.quotas.add(decision.entry);
      const answer = call.answer(allowed, row, caller.departmentCode!, decision);
      const result = (answer instanceof Promise ? await answer : answer) as R & { callId: string };
      result.callId = callId;
      this.metrics.answered(kind, catalogCode, started);
      return result;
    } catch (error) {
      this.metrics.failed(kind, catalogCode, error, started);
      throw error;
    }
  }
}
