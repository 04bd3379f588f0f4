import { scopes, type Caller, type DataCallDenial, type DockingEntry, type FieldError } from '@igs/contracts';
import { hasScope } from '@igs/platform';
import { normalizeValue } from '../resources/field-values.js';
import type { CallCatalog } from './call-catalogs.js';

/** Fields a query names but whose values never leave: they are checked with verify, or not at all. */
const hiddenPolicies = new Set(['verify_only', 'never']);

/** What a data call asks for, as it arrived. */
export interface CallRequest {
  kind: 'query' | 'verify';
  caller: Caller;
  /** The message carried an X-Request-Id not of the contracts' form. */
  requestIdRefused: boolean;
  catalogCode: string;
  /** The fields read (query) or compared (verify). */
  fields: string[];
  keys: Record<string, unknown>;
}

/** The docking and negative lists as the authorisation copy holds them. */
export interface CallLists {
  isReady(): boolean;
  dockingEntries(catalogCode: string): DockingEntry[];
  /** The fields of the request on the negative list; null stands for the whole catalog. */
  negativeHits(catalogCode: string, fields: string[]): (string | null)[];
}

/** How many calls a docking entry has served on a day. */
export interface QuotaUsage {
  used(entry: DockingEntry, day: string): number;
}

/** What the call's decision reads besides the request: each is read only when its rule is reached. */
export interface CallState {
  lists: CallLists;
  /** The catalog as the call path keeps it; undefined when there is no such catalog. */
  catalog: CallCatalog | undefined;
  quotas: QuotaUsage;
  today: string;
}

export interface AllowedCall {
  allowed: true;
  catalog: CallCatalog;
  entry: DockingEntry;
  /** The key values the row is found by, normalised, in the catalog's key order. */
  keyValues: { value: string; piType: string | null }[];
  policies: Record<string, string>;
  /** The fields the answer carries when the row is found. */
  returned: string[];
}

export interface DeniedCall {
  allowed: false;
  /** `AUTH.FORBIDDEN` and `PLATFORM.VALIDATION` are documented by the gateway for every route. */
  code: DataCallDenial | 'AUTH.FORBIDDEN' | 'PLATFORM.VALIDATION';
  message: string;
  /** The bad fields of a validation error. */
  errors?: FieldError[];
  /** The denial concerns a catalog that exists: its code and provider are recorded and counted. */
  aboutCatalog: boolean;
}

export type CallDecision = AllowedCall | DeniedCall;

function denied(code: DeniedCall['code'], message: string, aboutCatalog: boolean, errors?: FieldError[]): DeniedCall {
  return { allowed: false, code, message, errors, aboutCatalog };
}

/**
 * Every rule a data call must pass, in order; the first one broken gives the denial. The
 * caller must hold the data-call scope; the catalog must exist, know every field asked
 * for, and be published; nothing asked for may be on the negative list; the caller's
 * department (and app) must hold an active docking entry for the catalog that is valid
 * today, covers every field and has quota left; and the keys must be the catalog's key
 * fields, each with a value of its type. Pure: it reads the lists and quotas, changes nothing.
 */
export function decideCall(request: CallRequest, state: CallState): CallDecision {
  const { caller, catalogCode, fields } = request;
  if (request.requestIdRefused) {
    const message = 'letters, digits, ".", "_", ":" or "-", up to 64 characters, and no 11 digits in a row';
    return denied('PLATFORM.VALIDATION', 'The request is not valid', false, [{ in: 'header', field: 'X-Request-Id', message }]);
  }
  if (!hasScope(caller, scopes.dataCall)) return denied('AUTH.FORBIDDEN', `the caller lacks the scope ${scopes.dataCall}`, false);
  if (!state.lists.isReady()) return denied('EXCHANGE.NOT_READY', 'the authorisation copy is still being built', false);
  const { catalog } = state;
  if (!catalog) return denied('EXCHANGE.CATALOG_NOT_FOUND', `no catalog ${catalogCode}`, false);
  const unknown = fields.filter((name) => !catalog.fields.has(name));
  if (unknown.length > 0) {
    const errors = unknown.map((name) => ({ in: 'body' as const, field: name, message: `not a field of catalog ${catalogCode}` }));
    return denied('PLATFORM.VALIDATION', 'The request is not valid', true, errors);
  }
  if (catalog.row.status !== 'published') return denied('EXCHANGE.NOT_PUBLISHED', `catalog ${catalogCode} is ${catalog.row.status}`, true);

  const negative = state.lists.negativeHits(catalogCode, fields);
  if (negative.length > 0) {
    const what = negative.includes(null) ? `catalog ${catalogCode}` : `fields ${negative.join(', ')}`;
    return denied('EXCHANGE.NEGATIVE_LIST', `${what} may not be shared (negative list)`, true);
  }
  const { today } = state;
  const mine = state.lists
    .dockingEntries(catalogCode)
    .filter((entry) => entry.consumerDepartment === caller.departmentCode && (entry.consumerApp === null || entry.consumerApp === caller.appId));
  const active = mine.filter((entry) => entry.status === 'active');
  if (active.length === 0) {
    return denied('EXCHANGE.NO_DOCKING', `no active docking entry lets ${caller.departmentCode ?? caller.subject} call catalog ${catalogCode}`, true);
  }
  const valid = active.filter((entry) => entry.validFrom <= today && today <= entry.validTo);
  if (valid.length === 0) return denied('EXCHANGE.EXPIRED', `the docking entries for catalog ${catalogCode} are not valid on ${today}`, true);
  const covering = valid.filter((entry) => fields.every((field) => entry.fields.includes(field)));
  if (covering.length === 0) {
    const approved = new Set(valid.flatMap((entry) => entry.fields));
    const missing = fields.filter((f) => !approved.has(f)).join(', ') || fields.join(', ');
    return denied('EXCHANGE.FIELD_NOT_APPROVED', `fields ${missing} are not approved together for the caller`, true);
  }
  const entry = covering.find((candidate) => state.quotas.used(candidate, today) < candidate.dailyQuota);
  if (!entry) return denied('EXCHANGE.QUOTA_EXCEEDED', `the daily quota for catalog ${catalogCode} is used up`, true);

  const keys = keyValuesOf(catalog, request.keys);
  if (!keys.ok) return denied('PLATFORM.VALIDATION', 'The request is not valid', true, keys.errors);
  if (request.kind === 'verify') {
    return { allowed: true, catalog, entry, keyValues: keys.values, policies: Object.fromEntries(fields.map((f) => [f, 'verify_only'])), returned: [] };
  }
  const policies = Object.fromEntries(fields.map((name) => [name, catalog.fields.get(name)!.policy]));
  return { allowed: true, catalog, entry, keyValues: keys.values, policies, returned: fields.filter((name) => !hiddenPolicies.has(policies[name])) };
}

/** The catalog's key values from the request, each normalised as the row's key was when it was loaded. */
function keyValuesOf(catalog: CallCatalog, keys: Record<string, unknown>) {
  const errors: FieldError[] = [];
  const values: AllowedCall['keyValues'] = [];
  for (const name of catalog.row.key_fields) {
    const field = catalog.fields.get(name)!;
    const normalized = normalizeValue(field, keys[name]);
    if (!normalized.ok) errors.push({ in: 'body', field: `keys.${name}`, message: normalized.reason });
    else if (normalized.value === null) errors.push({ in: 'body', field: `keys.${name}`, message: 'a key value is required' });
    else values.push({ value: String(normalized.value), piType: field.piType });
  }
  for (const name of Object.keys(keys)) {
    if (!catalog.row.key_fields.includes(name)) errors.push({ in: 'body', field: `keys.${name}`, message: 'not a key field of the catalog' });
  }
  return errors.length > 0 ? ({ ok: false, errors } as const) : ({ ok: true, values } as const);
}
