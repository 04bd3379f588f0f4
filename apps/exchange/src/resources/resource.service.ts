import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { scopes, type Caller, type CatalogField } from '@igs/contracts';
import { DataKey } from '@igs/crypto';
import { AppError, requireDepartment, requireScope, UnitOfWork } from '@igs/platform';
import { CatalogRepository } from '../catalog/catalog.repository.js';
import { dataKek, EXCHANGE_CONFIG, type ExchangeConfig } from '../exchange.options.js';
import { normalizeValue, type FieldValue } from './field-values.js';
import { ResourceTokens } from './resource-tokens.js';

/** Policies under which an answer may contain the value itself, so the original must be kept (sealed). */
const needsOriginal = new Set(['plain', 'masked']);

interface PreparedRow {
  keyToken: string;
  payload: { clear: Record<string, FieldValue>; tokens: Record<string, string>; sealed: Record<string, string> };
}

/**
 * Loading a catalog's data resource. The clear value of a personal field is never stored:
 * it becomes a keyed token, plus a sealed original where the field's policy may return it.
 * Rows are upserted by their key, so loading the same file twice changes nothing.
 */
@Injectable()
export class ResourceService {
  constructor(
    private readonly catalogs: CatalogRepository,
    private readonly tokens: ResourceTokens,
    private readonly uow: UnitOfWork,
    @Inject(EXCHANGE_CONFIG) private readonly config: ExchangeConfig,
  ) {}

  async loadBatch(catalogCode: string, loadId: string, sourceSystem: string | undefined, rows: { line: number; values: Record<string, unknown> }[], caller: Caller) {
    requireScope(caller, scopes.exchangeCatalog);
    const catalog = await this.catalogs.findByCode(catalogCode);
    if (!catalog) throw new AppError('EXCHANGE.CATALOG_NOT_FOUND', `no catalog ${catalogCode}`);
    requireDepartment(caller, catalog.provider_department, `the data of catalog ${catalogCode}`);
    if (catalog.status === 'retired') throw new AppError('EXCHANGE.INVALID_TRANSITION', `catalog ${catalogCode} is retired`);
    const fields = (await this.catalogs.fieldsOf([catalog.id])).get(catalog.id) ?? [];
    const batchId = randomUUID();
    const dataKey = DataKey.create(dataKek(this.config), batchId, this.config.DATA_ENVELOPE_ALGORITHM);

    const rejected: { line: number; reason: string }[] = [];
    const prepared = new Map<string, PreparedRow>();
    for (const { line, values } of rows) {
      const result = this.prepare(catalog.key_fields, fields, values, dataKey, batchId);
      if ('reason' in result) rejected.push({ line, reason: result.reason });
      // A key repeated within a batch: the later row wins, as it would in a later batch.
      else prepared.set(result.keyToken, result);
    }
    if (prepared.size > 0) {
      const list = [...prepared.values()];
      await this.uow.run(async (tx) => {
        await tx.manager.query(
          `INSERT INTO exchange.resource_batches (id, load_id, catalog_id, source_system, loaded_by, data_key, rows_accepted) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [batchId, loadId, catalog.id, sourceSystem ?? catalog.source_system, caller.subject, dataKey.wrapped, list.length],
        );
        await tx.manager.query(
          `INSERT INTO exchange.resource_rows (catalog_id, key_token, payload, batch_id)
           SELECT $1, r.key_token, r.payload, $2 FROM unnest($3::text[], $4::jsonb[]) AS r(key_token, payload)
           ON CONFLICT (catalog_id, key_token) DO UPDATE SET payload = EXCLUDED.payload, batch_id = EXCLUDED.batch_id`,
          [catalog.id, batchId, list.map((r) => r.keyToken), list.map((r) => JSON.stringify(r.payload))],
        );
      });
    }
    return { accepted: rows.length - rejected.length, rejected };
  }

  private prepare(keyFields: string[], fields: CatalogField[], values: Record<string, unknown>, dataKey: DataKey, batchId: string): PreparedRow | { reason: string } {
    const problems: string[] = [];
    const known = new Set(fields.map((f) => f.name));
    const unknown = Object.keys(values).filter((name) => !known.has(name));
    if (unknown.length > 0) problems.push(`${unknown.join(', ')}: not fields of the catalog`);
    const normalized = new Map<string, FieldValue>();
    for (const field of fields) {
      const result = normalizeValue(field, values[field.name]);
      if (!result.ok) problems.push(`${field.name} ${result.reason}`);
      else normalized.set(field.name, result.value);
    }
    const keyValues = keyFields.map((name) => normalized.get(name));
    if (keyValues.some((value) => value === null || value === undefined)) problems.push(`the key (${keyFields.join(', ')}) must be given`);
    if (problems.length > 0) return { reason: problems.join('; ') };

    const keyToken = this.tokens.rowKey(keyFields.map((name, i) => ({ value: String(keyValues[i]), piType: fields.find((f) => f.name === name)?.piType ?? null })));
    const payload: PreparedRow['payload'] = { clear: {}, tokens: {}, sealed: {} };
    for (const field of fields) {
      const value = normalized.get(field.name) ?? null;
      if (value === null || field.policy === 'never') continue;
      if (!field.piType) {
        payload.clear[field.name] = value;
        continue;
      }
      payload.tokens[field.name] = keyFields.length === 1 && keyFields[0] === field.name ? keyToken : this.tokens.personal(field.piType, String(value));
      if (needsOriginal.has(field.policy)) payload.sealed[field.name] = dataKey.seal(String(value), `${batchId}:${keyToken}:${field.name}`);
    }
    return { keyToken, payload };
  }
}
