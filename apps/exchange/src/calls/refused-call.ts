import { madeStorable, unstorableIn, type FieldError } from '@igs/contracts';
import { AppError } from '@igs/platform';
import type { AuditEntry, AuditRecord } from './audit-record.js';

/**
 * Whether PostgreSQL refused a statement for what its rows hold, rather than for being out
 * of reach: a data exception (class 22: NUL, a lone surrogate, a value out of range), an
 * integrity constraint (class 23), a value too large for an index (54000). Anything else
 * (a lost connection, a server shutting down, a timeout) refuses every row alike.
 */
export function isRefusedRow(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23') || code === '54000');
}

/** Where each text of a record came from, to name it in the refusal. */
const origins: [keyof AuditEntry, FieldError['in'], string][] = [
  ['purpose', 'body', 'purpose'],
  ['fieldsRequested', 'body', 'fields'],
  ['catalogCode', 'path', 'catalogCode'],
  ['requestId', 'header', 'X-Request-Id'],
  ['caller', 'message', 'caller.subject'],
  ['consumerDepartment', 'message', 'caller.departmentCode'],
  ['consumerApp', 'message', 'caller.appId'],
];

/**
 * What a call whose record the database refused is answered: the fields that hold text it
 * cannot store when there are any (the contracts refuse these at the edge; a call reaches
 * here only past them), or else that the call cannot be recorded as sent.
 */
export function refusalOf(entry: AuditEntry): AppError {
  const errors: FieldError[] = [];
  for (const [key, location, field] of origins) {
    const value = entry[key];
    const texts = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
    const problem = texts.map((text) => unstorableIn(text)).find(Boolean);
    if (problem) errors.push({ in: location, field, message: problem });
  }
  if (errors.length > 0) return AppError.validation(errors);
  return new AppError('EXCHANGE.CALL_NOT_RECORDABLE', 'the database refused the record of this call as sent, so the call was refused');
}

/**
 * The records to try, in turn, for a refused call: first the call as it came, denied with
 * the refusal's code, its texts made storable (each unstorable character replaced by U+FFFD)
 * and reading no row; then, should the database refuse that too, with its purpose
 * withheld, and last with its request id and fields withheld as well. A refused call is
 * audited like any denied one: who, when, what, and why not.
 */
export function refusedRecords(record: AuditRecord, refusal: AppError): AuditRecord[] {
  const denied: AuditRecord = {
    ...record,
    request_id: storable(record.request_id),
    consumer_department: storable(record.consumer_department),
    consumer_app: storable(record.consumer_app),
    caller: storable(record.caller),
    provider_department: storable(record.provider_department),
    catalog_code: storable(record.catalog_code),
    fields_requested: record.fields_requested.map((field) => storable(field)),
    fields_returned: [],
    policies: {},
    purpose: storable(record.purpose),
    outcome: 'denied',
    denial_code: refusal.code,
    docking_id: null,
    catalog_id: null,
    key_token: null,
  };
  const withheld = { ...denied, purpose: '(withheld: the database refused it as sent)' };
  return [denied, withheld, { ...withheld, request_id: null, fields_requested: [] }];
}

function storable(text: string): string;
function storable(text: string | null): string | null;
function storable(text: string | null): string | null {
  return text === null ? null : madeStorable(text);
}
