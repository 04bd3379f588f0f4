import type { CatalogField } from '@igs/contracts';
import { DataKey } from '@igs/crypto';
import { dataKek, type ExchangeConfig } from '../exchange.options.js';
import { normalizeValue, type FieldValue } from './field-values.js';
import type { ResourceTokens } from './resource-tokens.js';

/** Policies under which an answer may contain the value itself, so the original must be kept (sealed). */
const needsOriginal = new Set(['plain', 'masked']);

export interface PreparedRow {
  keyToken: string;
  payload: { clear: Record<string, FieldValue>; tokens: Record<string, string>; sealed: Record<string, string> };
}

export interface PreparationInput {
  batchId: string;
  keyFields: string[];
  fields: CatalogField[];
  rows: { line: number; values: Record<string, unknown> }[];
}

export interface Preparation {
  /** The batch's data key, wrapped by the key-encryption key, to store beside the batch. */
  wrappedDataKey: string;
  rows: PreparedRow[];
  rejected: { line: number; reason: string }[];
}

/**
 * Turns loaded rows into what is stored: every value checked against its field, personal
 * values replaced by keyed tokens, and sealed originals (under a fresh data key for the
 * batch) where the field's policy may return them. Pure and self-contained, so it can run
 * on a worker thread: it is the CPU-heavy half of a load.
 */
export function prepareRows(input: PreparationInput, tokens: ResourceTokens, config: ExchangeConfig): Preparation {
  const dataKey = DataKey.create(dataKek(config), input.batchId, config.DATA_ENVELOPE_ALGORITHM);
  const known = new Set(input.fields.map((f) => f.name));
  const rejected: Preparation['rejected'] = [];
  const prepared = new Map<string, PreparedRow>();
  for (const { line, values } of input.rows) {
    const result = prepareRow(input, known, values, tokens, dataKey);
    if ('reason' in result) rejected.push({ line, reason: result.reason });
    // A key repeated within a batch: the later row wins, as it would in a later batch.
    else prepared.set(result.keyToken, result);
  }
  return { wrappedDataKey: dataKey.wrapped, rows: [...prepared.values()], rejected };
}

function prepareRow(input: PreparationInput, known: Set<string>, values: Record<string, unknown>, tokens: ResourceTokens, dataKey: DataKey): PreparedRow | { reason: string } {
  const { keyFields, fields, batchId } = input;
  const problems: string[] = [];
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

  const keyToken = tokens.rowKey(keyFields.map((name, i) => ({ value: String(keyValues[i]), piType: fields.find((f) => f.name === name)?.piType ?? null })));
  const payload: PreparedRow['payload'] = { clear: {}, tokens: {}, sealed: {} };
  for (const field of fields) {
    const value = normalized.get(field.name) ?? null;
    if (value === null || field.policy === 'never') continue;
    if (!field.piType) {
      payload.clear[field.name] = value;
      continue;
    }
    payload.tokens[field.name] = keyFields.length === 1 && keyFields[0] === field.name ? keyToken : tokens.personal(field.piType, String(value));
    if (needsOriginal.has(field.policy)) payload.sealed[field.name] = dataKey.seal(String(value), `${batchId}:${keyToken}:${field.name}`);
  }
  return { keyToken, payload };
}
