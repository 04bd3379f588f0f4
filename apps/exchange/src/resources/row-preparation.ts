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
  /** How many rows `document` holds: one per distinct key. */
  rowCount: number;
  /**
   * The prepared rows as the database takes them: a JSON array of `{ key_token, payload }`,
   * UTF-8 encoded in a buffer of its own. A worker thread hands it over without copying, and
   * the thread answering data calls neither copies nor serialises a million row objects.
   */
  document: Uint8Array;
  rejected: { line: number; reason: string }[];
}

const encoder = new TextEncoder();

/**
 * Turns loaded rows into what is stored: every value checked against its field, personal
 * values replaced by keyed tokens, and sealed originals (under a fresh data key for the
 * batch) where the field's policy may return them. Pure and self-contained, so it can run
 * on a worker thread: it is the CPU-heavy half of a load.
 */
export function prepareRows(input: PreparationInput, tokens: ResourceTokens, config: ExchangeConfig): Preparation {
  const dataKey = DataKey.create(dataKek(config), input.batchId, config.DATA_ENVELOPE_ALGORITHM);
  const shape = shapeOf(input);
  const rejected: Preparation['rejected'] = [];
  const prepared = new Map<string, PreparedRow>();
  for (const { line, values } of input.rows) {
    const result = prepareRow(input, shape, values, tokens, dataKey);
    if ('reason' in result) rejected.push({ line, reason: result.reason });
    // A key repeated within a batch: the later row wins, as it would in a later batch.
    else prepared.set(result.keyToken, result);
  }
  const document = encoder.encode(JSON.stringify(Array.from(prepared.values(), (row) => ({ key_token: row.keyToken, payload: row.payload }))));
  return { wrappedDataKey: dataKey.wrapped, rowCount: prepared.size, document, rejected };
}

/** What every row of a batch is checked against, worked out once per batch rather than per row. */
interface BatchShape {
  known: Set<string>;
  /** The positions in `fields` of the key fields, in key order. */
  keyPositions: number[];
  keyPiTypes: (string | null)[];
}

function shapeOf({ fields, keyFields }: PreparationInput): BatchShape {
  const keyPositions = keyFields.map((name) => fields.findIndex((field) => field.name === name));
  return { known: new Set(fields.map((f) => f.name)), keyPositions, keyPiTypes: keyPositions.map((i) => fields[i]?.piType ?? null) };
}

// A million rows pass through here on one thread, so it allocates little per row: values go
// into an array by field position, and the lists of problems exist only for bad rows.
function prepareRow(
  input: PreparationInput,
  shape: BatchShape,
  values: Record<string, unknown>,
  tokens: ResourceTokens,
  dataKey: DataKey,
): PreparedRow | { reason: string } {
  const { keyFields, fields, batchId } = input;
  let problems: string[] | undefined;
  let unknown: string[] | undefined;
  for (const name in values) if (!shape.known.has(name)) (unknown ??= []).push(name);
  if (unknown) (problems ??= []).push(`${unknown.join(', ')}: not fields of the catalog`);
  const normalized: FieldValue[] = new Array<FieldValue>(fields.length).fill(null);
  for (let i = 0; i < fields.length; i += 1) {
    const result = normalizeValue(fields[i], values[fields[i].name]);
    if (!result.ok) (problems ??= []).push(`${fields[i].name} ${result.reason}`);
    else normalized[i] = result.value;
  }
  if (shape.keyPositions.some((i) => i < 0 || normalized[i] === null)) (problems ??= []).push(`the key (${keyFields.join(', ')}) must be given`);
  if (problems) return { reason: problems.join('; ') };

  const keyToken = tokens.rowKey(shape.keyPositions.map((position, i) => ({ value: String(normalized[position]), piType: shape.keyPiTypes[i] })));
  const singleKey = keyFields.length === 1 ? keyFields[0] : undefined;
  const payload: PreparedRow['payload'] = { clear: {}, tokens: {}, sealed: {} };
  for (let i = 0; i < fields.length; i += 1) {
    const field = fields[i];
    const value = normalized[i];
    if (value === null || field.policy === 'never') continue;
    if (!field.piType) {
      payload.clear[field.name] = value;
      continue;
    }
    payload.tokens[field.name] = singleKey === field.name ? keyToken : tokens.personal(field.piType, String(value));
    if (needsOriginal.has(field.policy)) payload.sealed[field.name] = dataKey.seal(String(value), `${batchId}:${keyToken}:${field.name}`);
  }
  return { keyToken, payload };
}
