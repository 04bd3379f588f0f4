import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dataCallDenials, type CatalogField, type DataCallDenial, type DockingEntry } from '@igs/contracts';
import type { CatalogRow } from '../src/catalog/catalog.repository.js';
import type { CallCatalog } from '../src/calls/call-catalogs.js';
import { decideCall, type CallDecision, type CallRequest, type CallState, type DeniedCall } from '../src/calls/call-decision.js';

const today = '2026-06-15';

function field(name: string, type: CatalogField['type'], policy: CatalogField['policy'], piType: CatalogField['piType'] = null): CatalogField {
  return { name, label: name, type, category: 'C01', grade: 2, piType, policy };
}

function catalog(status: CatalogRow['status'] = 'published'): CallCatalog {
  const fields = [
    field('id_number', 'string', 'masked', 'id_number'),
    field('full_name', 'string', 'plain', 'name'),
    field('vaccinated', 'boolean', 'verify_only'),
    field('age', 'integer', 'never'),
  ];
  const row = { id: 'catalog-1', code: 'POP', provider_department: 'POLICE', key_fields: ['id_number'], status } as CatalogRow;
  return { row, fields: new Map(fields.map((f) => [f.name, f])) };
}

function entry(changes: Partial<DockingEntry> = {}): DockingEntry {
  return {
    id: 'entry-1',
    demandId: 'demand-1',
    consumerDepartment: 'HEALTH',
    consumerApp: null,
    providerDepartment: 'POLICE',
    catalogCode: 'POP',
    fields: ['full_name', 'id_number', 'vaccinated', 'age'],
    purpose: '核验',
    legalBasis: '《居民身份证法》',
    validFrom: '2026-01-01',
    validTo: '2026-12-31',
    dailyQuota: 10,
    status: 'active',
    statusReason: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...changes,
  };
}

interface World {
  request: CallRequest;
  ready: boolean;
  catalog: CallCatalog | undefined;
  docking: DockingEntry[];
  /** The catalog (null) or fields on the negative list. */
  negative: (string | null)[];
  used: number;
}

function world(): World {
  const request: CallRequest = {
    kind: 'query',
    caller: { subject: 'app:health', type: 'app', departmentCode: 'HEALTH', appId: 'health-app', scopes: ['data:call'] },
    requestIdRefused: false,
    catalogCode: 'POP',
    fields: ['full_name', 'vaccinated'],
    keys: { id_number: '150102199003071237' },
  };
  return { request, ready: true, catalog: catalog(), docking: [entry()], negative: [], used: 0 };
}

function decide(w: World): CallDecision {
  const state: CallState = {
    lists: {
      isReady: () => w.ready,
      dockingEntries: (code) => w.docking.filter((e) => e.catalogCode === code),
      negativeHits: (_code, fields) => w.negative.filter((name) => name === null || fields.includes(name)),
    },
    catalog: w.catalog,
    quotas: { used: () => w.used },
    today,
  };
  return decideCall(w.request, state);
}

function denial(decision: CallDecision): DeniedCall {
  assert.equal(decision.allowed, false, 'the call is denied');
  return decision as DeniedCall;
}

/** One world per denial of the shared list: a code added to the list without a case here does not compile. */
const denialCases: Record<DataCallDenial, { aboutCatalog: boolean; make(w: World): void }> = {
  'EXCHANGE.NOT_READY': { aboutCatalog: false, make: (w) => (w.ready = false) },
  'EXCHANGE.CATALOG_NOT_FOUND': { aboutCatalog: false, make: (w) => (w.catalog = undefined) },
  'EXCHANGE.NOT_PUBLISHED': { aboutCatalog: true, make: (w) => (w.catalog = catalog('retired')) },
  'EXCHANGE.NEGATIVE_LIST': { aboutCatalog: true, make: (w) => (w.negative = ['vaccinated']) },
  'EXCHANGE.NO_DOCKING': { aboutCatalog: true, make: (w) => (w.docking = [entry({ status: 'suspended' })]) },
  'EXCHANGE.EXPIRED': { aboutCatalog: true, make: (w) => (w.docking = [entry({ validTo: '2026-06-14' })]) },
  'EXCHANGE.FIELD_NOT_APPROVED': { aboutCatalog: true, make: (w) => (w.docking = [entry({ fields: ['full_name'] })]) },
  'EXCHANGE.QUOTA_EXCEEDED': { aboutCatalog: true, make: (w) => (w.used = 10) },
};

/** Worlds that break a rule the gateway documents for every route, or more than one rule at once. */
const otherCases: { name: string; code: DeniedCall['code']; make(w: World): void; errors?: string[] }[] = [
  { name: 'a request id not of the contracts form', code: 'PLATFORM.VALIDATION', make: (w) => (w.request.requestIdRefused = true), errors: ['X-Request-Id'] },
  { name: 'a caller without the data-call scope', code: 'AUTH.FORBIDDEN', make: (w) => (w.request.caller.scopes = ['exchange:read']) },
  {
    name: 'a field the catalog does not have',
    code: 'PLATFORM.VALIDATION',
    make: (w) => (w.request.fields = ['full_name', 'shoe_size']),
    errors: ['shoe_size'],
  },
  { name: 'a draft catalog', code: 'EXCHANGE.NOT_PUBLISHED', make: (w) => (w.catalog = catalog('draft')) },
  { name: 'the whole catalog on the negative list', code: 'EXCHANGE.NEGATIVE_LIST', make: (w) => (w.negative = [null]) },
  { name: 'no docking entry at all', code: 'EXCHANGE.NO_DOCKING', make: (w) => (w.docking = []) },
  { name: 'an entry of another department', code: 'EXCHANGE.NO_DOCKING', make: (w) => (w.docking = [entry({ consumerDepartment: 'TAX' })]) },
  { name: 'an entry of another app of the department', code: 'EXCHANGE.NO_DOCKING', make: (w) => (w.docking = [entry({ consumerApp: 'other-app' })]) },
  { name: 'a revoked entry', code: 'EXCHANGE.NO_DOCKING', make: (w) => (w.docking = [entry({ status: 'revoked' })]) },
  { name: 'an entry not valid yet', code: 'EXCHANGE.EXPIRED', make: (w) => (w.docking = [entry({ validFrom: '2026-06-16' })]) },
  {
    name: 'fields approved only in two entries, not together',
    code: 'EXCHANGE.FIELD_NOT_APPROVED',
    make: (w) => (w.docking = [entry({ id: 'a', fields: ['full_name'] }), entry({ id: 'b', fields: ['vaccinated'] })]),
  },
  { name: 'no key value', code: 'PLATFORM.VALIDATION', make: (w) => (w.request.keys = {}), errors: ['keys.id_number'] },
  {
    name: 'a key that is not a key field',
    code: 'PLATFORM.VALIDATION',
    make: (w) => (w.request.keys = { id_number: '150102199003071237', passport: 'E1' }),
    errors: ['keys.passport'],
  },
  // The first rule broken gives the code.
  { name: 'no scope and no catalog', code: 'AUTH.FORBIDDEN', make: (w) => ((w.request.caller.scopes = []), (w.catalog = undefined)) },
  {
    name: 'an unknown field of a retired catalog',
    code: 'PLATFORM.VALIDATION',
    make: (w) => ((w.request.fields = ['shoe_size']), (w.catalog = catalog('retired'))),
    errors: ['shoe_size'],
  },
  { name: 'a retired catalog on the negative list', code: 'EXCHANGE.NOT_PUBLISHED', make: (w) => ((w.catalog = catalog('retired')), (w.negative = [null])) },
  { name: 'negative list and no docking', code: 'EXCHANGE.NEGATIVE_LIST', make: (w) => ((w.negative = [null]), (w.docking = [])) },
  { name: 'expired and quota used up', code: 'EXCHANGE.EXPIRED', make: (w) => ((w.docking = [entry({ validTo: '2026-01-31' })]), (w.used = 10)) },
  { name: 'quota used up and a bad key', code: 'EXCHANGE.QUOTA_EXCEEDED', make: (w) => ((w.used = 10), (w.request.keys = {})) },
];

describe(decideCall.name, () => {
  it('has a case for every code of the shared denial list', () => {
    assert.deepEqual(Object.keys(denialCases).sort(), [...dataCallDenials].sort());
  });

  for (const [code, { aboutCatalog, make }] of Object.entries(denialCases)) {
    it(`denies ${code}`, () => {
      const w = world();
      make(w);
      const decided = denial(decide(w));
      assert.deepEqual([decided.code, decided.aboutCatalog], [code, aboutCatalog]);
      assert.ok(decided.message.length > 0);
    });
  }

  for (const { name, code, make, errors } of otherCases) {
    it(`denies ${name} with ${code}`, () => {
      const w = world();
      make(w);
      const decided = denial(decide(w));
      assert.equal(decided.code, code);
      assert.deepEqual(
        decided.errors?.map((e) => e.field),
        errors,
      );
    });
  }

  it('names the unpublished catalog and its status, not a missing docking entry', () => {
    const w = world();
    w.catalog = catalog('retired');
    assert.equal(denial(decide(w)).message, 'catalog POP is retired');
  });

  it('allows a query: the entry, the key normalised, each field by its policy, the hidden ones not returned', () => {
    const w = world();
    w.request.fields = ['full_name', 'vaccinated', 'age', 'id_number'];
    w.request.keys = { id_number: ' 15010219900307123x ' };
    assert.deepEqual(decide(w), {
      allowed: true,
      catalog: w.catalog,
      entry: entry(),
      keyValues: [{ value: '15010219900307123X', piType: 'id_number' }],
      policies: { full_name: 'plain', vaccinated: 'verify_only', age: 'never', id_number: 'masked' },
      returned: ['full_name', 'id_number'],
    });
  });

  it('allows a verify: every field compared, none returned', () => {
    const w = world();
    w.request.kind = 'verify';
    assert.deepEqual(decide(w), {
      allowed: true,
      catalog: w.catalog,
      entry: entry(),
      keyValues: [{ value: '150102199003071237', piType: 'id_number' }],
      policies: { full_name: 'verify_only', vaccinated: 'verify_only' },
      returned: [],
    });
  });

  it('allows through the first entry that covers the fields and has quota left', () => {
    const w = world();
    const spent = entry({ id: 'spent', dailyQuota: 1 });
    const narrow = entry({ id: 'narrow', fields: ['full_name'] });
    const fresh = entry({ id: 'fresh', dailyQuota: 5 });
    w.docking = [narrow, spent, fresh];
    w.used = 1;
    assert.equal((decide(w) as { entry: DockingEntry }).entry.id, 'fresh');
  });

  it("allows an entry for the caller's app, and one for the whole department", () => {
    for (const consumerApp of ['health-app', null]) {
      const w = world();
      w.docking = [entry({ consumerApp })];
      assert.equal(decide(w).allowed, true, String(consumerApp));
    }
  });

  it('allows the platform itself without the scope', () => {
    const w = world();
    w.request.caller = { ...w.request.caller, type: 'system', scopes: [] };
    assert.equal(decide(w).allowed, true);
  });
});
