import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { requestIdPattern, scopes, type CatalogField, type DockingEntry, type DataQueryBody, type DataQueryResult, type DataVerifyBody, type DataVerifyResult } from '@igs/contracts';
import { DataKey } from '@igs/crypto';
import { AppError, LocalCalendar, requireScope, type RequestContext } from '@igs/platform';
import { trace } from '@opentelemetry/api';
import type { DataSource } from 'typeorm';
import { dataKeks, EXCHANGE_CONFIG, type ExchangeConfig } from '../exchange.options.js';
import { normalizeValue } from '../resources/field-values.js';
import { ResourceTokens } from '../resources/resource-tokens.js';
import type { AuditEntry, StoredRow } from './audit-record.js';
import { CallMetrics } from './call-metrics.js';
import { CallRecorder } from './call-recorder.js';
import { AuthorizationCopy } from './authorization-copy.js';
import { authorizeCall } from './call-authorizer.js';
import { DockingUsage } from './docking-usage.js';
import { CallCatalogs, type CallCatalog } from './call-catalogs.js';
import { mask } from './masks.js';

type Answer = Record<string, string | number | boolean | null>;

/** Fields a query names but whose values never leave: they are checked with verify, or not at all. */
const hiddenPolicies = new Set(['verify_only', 'never']);

interface CallPlan {
  lookup: { catalogId: string; keyToken: string };
  policies: Record<string, string>;
  /** The fields the answer carries when the row is found. */
  returned: string[];
}

interface CallSteps<R> {
  /** What the call reads and how each field is rendered; throws a validation error for bad keys. */
  plan(catalog: CallCatalog): CallPlan;
  /** Synchronous unless the row's data key must first be read (once per load batch). */
  answer(catalog: CallCatalog, row: StoredRow | undefined, department: string, plan: CallPlan): R | Promise<R>;
}

/**
 * The data-call path. Authorisation comes from the in-memory lists; the row is read by
 * primary key in the same statement that commits the call's audit record; each field is
 * rendered by its policy for this caller; and every call, allowed or denied, is answered
 * only after its audit record is committed.
 */
@Injectable()
export class CallService {
  private readonly dataKeys = new Map<string, Promise<DataKey>>();
  /** The data keys already unwrapped, so that answering a call needs no promise. */
  private readonly openKeys = new Map<string, DataKey>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(EXCHANGE_CONFIG) private readonly config: ExchangeConfig,
    private readonly copy: AuthorizationCopy,
    private readonly catalogs: CallCatalogs,
    private readonly tokens: ResourceTokens,
    private readonly recorder: CallRecorder,
    private readonly quotas: DockingUsage,
    private readonly calendar: LocalCalendar,
    private readonly metrics: CallMetrics,
  ) {}

  query(catalogCode: string, body: DataQueryBody, ctx: RequestContext): Promise<DataQueryResult> {
    return this.audited('query', catalogCode, body.fields, body.purpose, ctx, {
      plan: (catalog) => {
        const policies = Object.fromEntries(body.fields.map((name) => [name, catalog.fields.get(name)!.policy]));
        const returned = body.fields.filter((name) => !hiddenPolicies.has(policies[name]));
        return { lookup: this.lookupOf(catalog, body.keys), policies, returned };
      },
      answer: (catalog, row, department, { policies }) => {
        if (!row) return { rows: [], policies: policies as DataQueryResult['policies'] };
        const renderRow = (key: DataKey) => {
          const answer: Answer = {};
          for (const name of body.fields) {
            const rendered = this.render(catalog.fields.get(name)!, row, department, key);
            if (rendered !== undefined) answer[name] = rendered;
          }
          return { rows: [answer], policies: policies as DataQueryResult['policies'] };
        };
        const key = this.openKeys.get(row.batch_id);
        return key ? renderRow(key) : this.dataKey(row.batch_id).then(renderRow);
      },
    });
  }

  verify(catalogCode: string, body: DataVerifyBody, ctx: RequestContext): Promise<DataVerifyResult> {
    const fields = Object.keys(body.values);
    return this.audited('verify', catalogCode, fields, body.purpose, ctx, {
      plan: (catalog) => ({ lookup: this.lookupOf(catalog, body.keys), policies: Object.fromEntries(fields.map((f) => [f, 'verify_only'])), returned: [] }),
      answer: (catalog, row) => {
        const matches: Record<string, boolean> = {};
        for (const name of fields) {
          const field = catalog.fields.get(name)!;
          const given = normalizeValue(field, body.values[name]);
          if (!row || !given.ok || given.value === null) {
            matches[name] = false;
            continue;
          }
          matches[name] = field.piType
            ? row.payload.tokens[name] === this.tokens.personal(field.piType, String(given.value))
            : row.payload.clear[name] === given.value;
        }
        return { found: Boolean(row), matches };
      },
    });
  }

  /**
   * Decides a call, then records it and reads its row in one statement (CallRecorder), and
   * renders the answer from that row. A call denied or invalid before that point is recorded
   * as denied with its code. An answer that fails after its record is committed (a row that
   * will not decrypt) keeps its "allowed" record: the record says what was released to be read.
   */
  private async audited<R>(kind: AuditEntry['kind'], catalogCode: string, fields: string[], purpose: string, { caller, requestId: given, deadline }: RequestContext, call: CallSteps<R>): Promise<R & { callId: string }> {
    const started = performance.now();
    // The gateway sends only request ids of the contracts' form; one that is not (a message
    // from elsewhere) is not kept, since it could hold anything, and the call is refused.
    const requestId = given === undefined || requestIdPattern.test(given) ? given : undefined;
    const callId = randomUUID();
    const at = new Date();
    const traceId = trace.getActiveSpan()?.spanContext().traceId;
    // One literal with every field, not `{ ...common, ...decision }`: in V8 a property added
    // after a spread makes a new hidden class each time, and that cost 9 µs per call here.
    const entryOf = (decision: Pick<AuditEntry, 'providerDepartment' | 'dockingId' | 'outcome' | 'denialCode' | 'fieldsReturned' | 'policies' | 'lookup'>): AuditEntry => ({
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
    let provider: string | undefined;
    /** The catalog's code once it is known to exist: the only catalog codes metrics name. */
    let known: string | undefined;
    let decided: { catalog: CallCatalog; entry: DockingEntry; plan: CallPlan };
    try {
      if (requestId !== given) throw AppError.validation([{ in: 'header', field: 'X-Request-Id', message: 'letters, digits, ".", "_", ":" or "-", up to 64 characters, and no 11 digits in a row' }]);
      requireScope(caller, scopes.dataCall);
      if (!this.copy.isReady()) throw new AppError('EXCHANGE.NOT_READY', 'the authorisation copy is still being built');
      const catalog = this.catalogs.peek(catalogCode) ?? (await this.catalogs.get(catalogCode));
      if (!catalog) throw new AppError('EXCHANGE.CATALOG_NOT_FOUND', `no catalog ${catalogCode}`);
      known = catalogCode;
      provider = catalog.row.provider_department;
      const unknown = fields.filter((name) => !catalog.fields.has(name));
      if (unknown.length > 0) throw AppError.validation(unknown.map((name) => ({ in: 'body', field: name, message: `not a field of catalog ${catalogCode}` })));
      if (catalog.row.status !== 'published') throw new AppError('EXCHANGE.NO_DOCKING', `catalog ${catalogCode} is ${catalog.row.status}`);
      const entry = authorizeCall(this.copy, this.quotas, caller, catalogCode, fields, this.calendar.today());
      decided = { catalog, entry, plan: call.plan(catalog) };
    } catch (error) {
      const denialCode = error instanceof AppError ? error.code : 'PLATFORM.INTERNAL';
      try {
        await this.recorder.record(entryOf({ providerDepartment: provider, outcome: 'denied', denialCode, fieldsReturned: [], policies: {} }), started, deadline);
      } catch (failure) {
        this.metrics.failed(kind, known, failure, started);
        throw failure;
      }
      this.metrics.denied(kind, known, denialCode, started);
      throw error;
    }
    const { catalog, entry, plan } = decided;
    try {
      const row = await this.recorder.record(
        entryOf({ providerDepartment: provider, dockingId: entry.id, outcome: 'allowed', fieldsReturned: plan.returned, policies: plan.policies, lookup: plan.lookup }),
        started,
        deadline,
      );
      this.quotas.add(entry);
      const answer = call.answer(catalog, row, caller.departmentCode!, plan);
      const result = (answer instanceof Promise ? await answer : answer) as R & { callId: string };
      result.callId = callId;
      this.metrics.answered(kind, catalogCode, started);
      return result;
    } catch (error) {
      this.metrics.failed(kind, catalogCode, error, started);
      throw error;
    }
  }

  /** Where the row for clear key values is: the key tokenised here exactly as it was when loaded. */
  private lookupOf(catalog: CallCatalog, keys: Record<string, unknown>): { catalogId: string; keyToken: string } {
    const keyFields = catalog.row.key_fields.map((name) => catalog.fields.get(name)!);
    const problems = [];
    const values: { value: string; piType: string | null }[] = [];
    for (const field of keyFields) {
      const normalized = normalizeValue(field, keys[field.name]);
      if (!normalized.ok) problems.push({ in: 'body' as const, field: `keys.${field.name}`, message: normalized.reason });
      else if (normalized.value === null) problems.push({ in: 'body' as const, field: `keys.${field.name}`, message: 'a key value is required' });
      else values.push({ value: String(normalized.value), piType: field.piType });
    }
    const extra = Object.keys(keys).filter((name) => !catalog.row.key_fields.includes(name));
    for (const name of extra) problems.push({ in: 'body' as const, field: `keys.${name}`, message: 'not a key field of the catalog' });
    if (problems.length > 0) throw AppError.validation(problems);
    return { catalogId: catalog.row.id, keyToken: this.tokens.rowKey(values) };
  }

  private render(field: CatalogField, row: StoredRow, department: string, dataKey: DataKey): string | number | boolean | null | undefined {
    if (field.policy === 'verify_only' || field.policy === 'never') return undefined;
    if (!field.piType) {
      const value = row.payload.clear[field.name] ?? null;
      if (value === null || field.policy === 'plain') return value;
      if (field.policy === 'masked') return mask(null, String(value));
      return this.tokens.forConsumer(department, this.tokens.personal('value', String(value)));
    }
    const token = row.payload.tokens[field.name];
    if (token === undefined) return null;
    if (field.policy === 'tokenised') return this.tokens.forConsumer(department, token);
    const sealed = row.payload.sealed[field.name];
    if (sealed === undefined) return null;
    const original = dataKey.open(sealed, `${row.batch_id}:${row.key_token}:${field.name}`);
    return field.policy === 'masked' ? mask(field.piType, original) : original;
  }

  private dataKey(batchId: string): Promise<DataKey> {
    let key = this.dataKeys.get(batchId);
    if (!key) {
      if (this.dataKeys.size > 10_000) {
        this.dataKeys.clear();
        this.openKeys.clear();
      }
      key = this.dataSource
        .query('SELECT data_key FROM exchange.resource_batches WHERE id = $1', [batchId])
        .then(([row]: { data_key: string }[]) => DataKey.unwrap(dataKeks(this.config), row.data_key, batchId));
      this.dataKeys.set(batchId, key);
      // A key that failed to unwrap is read again by the next call rather than kept failing.
      const pending = key;
      pending.then(
        (opened) => this.openKeys.set(batchId, opened),
        () => this.dataKeys.get(batchId) === pending && this.dataKeys.delete(batchId),
      );
    }
    return key;
  }
}
