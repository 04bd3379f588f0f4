import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { scopes, type CatalogField, type DataQueryBody, type DataQueryResult, type DataVerifyBody, type DataVerifyResult } from '@igs/contracts';
import { DataKey } from '@igs/crypto';
import { AppError, requireScope, type RequestContext } from '@igs/platform';
import { trace } from '@opentelemetry/api';
import type { DataSource } from 'typeorm';
import { dataKek, EXCHANGE_CONFIG, type ExchangeConfig } from '../exchange.options.js';
import { normalizeValue } from '../resources/field-values.js';
import { ResourceTokens } from '../resources/resource-tokens.js';
import { AuditWriter, type AuditEntry } from './audit-writer.js';
import { AuthorizationCopy } from './authorization-copy.js';
import { authorizeCall } from './call-authorizer.js';
import { DockingUsage } from './docking-usage.js';
import { CallCatalogs, type CallCatalog } from './call-catalogs.js';
import { mask } from './masks.js';
import { RowLoader, type StoredRow } from './row-loader.js';


type Answer = Record<string, string | number | boolean | null>;

/**
 * The data-call path. Authorisation comes from the in-memory lists; the row is one
 * primary-key read; each field is rendered by its policy for this caller; and every call,
 * allowed or denied, is answered only after its audit record is committed.
 */
@Injectable()
export class CallService {
  private readonly dataKeys = new Map<string, Promise<DataKey>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(EXCHANGE_CONFIG) private readonly config: ExchangeConfig,
    private readonly copy: AuthorizationCopy,
    private readonly catalogs: CallCatalogs,
    private readonly tokens: ResourceTokens,
    private readonly audit: AuditWriter,
    private readonly rows: RowLoader,
    private readonly quotas: DockingUsage,
  ) {}

  query(catalogCode: string, body: DataQueryBody, ctx: RequestContext): Promise<DataQueryResult> {
    return this.audited('query', catalogCode, body.fields, body.purpose, ctx, async (catalog, department, entry) => {
      const row = await this.findRow(catalog, body.keys);
      const policies: Record<string, string> = {};
      const answer: Answer = {};
      for (const name of body.fields) {
        const field = catalog.fields.get(name)!;
        policies[name] = field.policy;
        if (!row) continue;
        const rendered = await this.render(field, row, department);
        if (rendered !== undefined) answer[name] = rendered;
      }
      this.quotas.add(entry);
      return {
        result: { rows: row ? [answer] : [], policies: policies as DataQueryResult['policies'] },
        returned: row ? Object.keys(answer) : [],
        policies,
        rowCount: row ? 1 : 0,
      };
    });
  }

  verify(catalogCode: string, body: DataVerifyBody, ctx: RequestContext): Promise<DataVerifyResult> {
    const fields = Object.keys(body.values);
    return this.audited('verify', catalogCode, fields, body.purpose, ctx, async (catalog, _department, entry) => {
      const row = await this.findRow(catalog, body.keys);
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
      this.quotas.add(entry);
      return { result: { found: Boolean(row), matches }, returned: [], policies: Object.fromEntries(fields.map((f) => [f, 'verify_only'])), rowCount: row ? 1 : 0 };
    });
  }

  private async audited<R>(
    kind: AuditEntry['kind'],
    catalogCode: string,
    fields: string[],
    purpose: string,
    { caller, requestId }: RequestContext,
    serve: (catalog: CallCatalog, department: string, entry: ReturnType<typeof authorizeCall>) => Promise<{ result: R; returned: string[]; policies: Record<string, string>; rowCount: number }>,
  ): Promise<R & { callId: string }> {
    const started = performance.now();
    const callId = randomUUID();
    const base: Omit<AuditEntry, 'outcome' | 'latencyMs' | 'fieldsReturned' | 'policies' | 'rowCount'> = {
      callId,
      requestId,
      at: new Date(),
      kind,
      consumerDepartment: caller.departmentCode,
      consumerApp: caller.appId,
      caller: caller.subject,
      catalogCode,
      fieldsRequested: fields,
      purpose,
      traceId: trace.getActiveSpan()?.spanContext().traceId,
    };
    let provider: string | undefined;
    try {
      requireScope(caller, scopes.dataCall);
      if (!this.copy.isReady()) throw new AppError('EXCHANGE.NOT_READY', 'the authorisation copy is still being built');
      const catalog = await this.catalogs.get(catalogCode);
      if (!catalog) throw new AppError('EXCHANGE.CATALOG_NOT_FOUND', `no catalog ${catalogCode}`);
      provider = catalog.row.provider_department;
      const unknown = fields.filter((name) => !catalog.fields.has(name));
      if (unknown.length > 0) throw AppError.validation(unknown.map((name) => ({ in: 'body', field: name, message: `not a field of catalog ${catalogCode}` })));
      if (catalog.row.status !== 'published') throw new AppError('EXCHANGE.NO_DOCKING', `catalog ${catalogCode} is ${catalog.row.status}`);
      const entry = authorizeCall(this.copy, this.quotas, caller, catalogCode, fields, today());
      const served = await serve(catalog, caller.departmentCode!, entry);
      await this.audit.record({ ...base, dockingId: entry.id, providerDepartment: provider, outcome: 'allowed', fieldsReturned: served.returned, policies: served.policies, rowCount: served.rowCount, latencyMs: performance.now() - started });
      return { ...served.result, callId };
    } catch (error) {
      const denialCode = error instanceof AppError ? error.code : 'PLATFORM.INTERNAL';
      await this.audit.record({ ...base, providerDepartment: provider, outcome: 'denied', denialCode, fieldsReturned: [], policies: {}, rowCount: 0, latencyMs: performance.now() - started });
      throw error;
    }
  }

  /** The row for clear key values, tokenised here exactly as they were when loaded. */
  private async findRow(catalog: CallCatalog, keys: Record<string, unknown>): Promise<StoredRow | undefined> {
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
    return this.rows.load(catalog.row.id, this.tokens.rowKey(values));
  }

  private async render(field: CatalogField, row: StoredRow, department: string): Promise<string | number | boolean | null | undefined> {
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
    const original = (await this.dataKey(row.batch_id)).open(sealed, `${row.batch_id}:${row.key_token}:${field.name}`);
    return field.policy === 'masked' ? mask(field.piType, original) : original;
  }

  private dataKey(batchId: string): Promise<DataKey> {
    let key = this.dataKeys.get(batchId);
    if (!key) {
      if (this.dataKeys.size > 10_000) this.dataKeys.clear();
      key = this.dataSource
        .query('SELECT data_key FROM exchange.resource_batches WHERE id = $1', [batchId])
        .then(([row]: { data_key: string }[]) => DataKey.unwrap([dataKek(this.config)], row.data_key, batchId));
      this.dataKeys.set(batchId, key);
    }
    return key;
  }
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}
