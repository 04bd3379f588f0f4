/**
 * Every subject and stream name of the platform, unprefixed. The node prefix (an
 * administrative division code in the cascade, or a per-run prefix in tests) is applied
 * only by `prefixed()` and `streamName()`, so services never build names themselves.
 */
export const requestSubjects = {
  item: {
    create: 'item.v1.item.create',
    update: 'item.v1.item.update',
    publish: 'item.v1.item.publish',
    withdraw: 'item.v1.item.withdraw',
    get: 'item.v1.item.get',
    search: 'item.v1.item.search',
    listCalendar: 'item.v1.calendar.list',
    setCalendarDays: 'item.v1.calendar.set',
    removeCalendarDay: 'item.v1.calendar.remove',
    /** The whole calendar with its stream position: asked by a service keeping a copy. */
    calendarSnapshot: 'item.v1.calendar.snapshot',
  },
  identity: {
    createApp: 'identity.v1.app.create',
    listApps: 'identity.v1.app.list',
    disableApp: 'identity.v1.app.disable',
    enableApp: 'identity.v1.app.enable',
    rotateAppSecret: 'identity.v1.app.rotate-secret',
    /** Which department an app belongs to: asked by the exchange when a demand names one of its apps. */
    lookupApp: 'identity.v1.app.lookup',
    startRegistration: 'identity.v1.registration.start',
    registerPerson: 'identity.v1.person.register',
    registerEnterprise: 'identity.v1.enterprise.register',
    me: 'identity.v1.me.get',
    rotateSigningKey: 'identity.v1.key.rotate',
  },
  exchange: {
    createCatalog: 'exchange.v1.catalog.create',
    publishCatalog: 'exchange.v1.catalog.publish',
    updateCatalog: 'exchange.v1.catalog.update',
    retireCatalog: 'exchange.v1.catalog.retire',
    getCatalog: 'exchange.v1.catalog.get',
    searchCatalogs: 'exchange.v1.catalog.search',
    importCatalogs: 'exchange.v1.catalog.import',
    loadResource: 'exchange.v1.resource.load',
    putGuideCategory: 'exchange.v1.guide.put',
    listGuide: 'exchange.v1.guide.list',
    createDemand: 'exchange.v1.demand.create',
    getDemand: 'exchange.v1.demand.get',
    listDemands: 'exchange.v1.demand.list',
    approveDemand: 'exchange.v1.demand.approve',
    rejectDemand: 'exchange.v1.demand.reject',
    withdrawDemand: 'exchange.v1.demand.withdraw',
    listDocking: 'exchange.v1.docking.list',
    getDocking: 'exchange.v1.docking.get',
    changeDocking: 'exchange.v1.docking.change',
    listNegative: 'exchange.v1.negative.list',
    addNegative: 'exchange.v1.negative.add',
    listResponsibilities: 'exchange.v1.responsibility.list',
    stats: 'exchange.v1.stats.get',
    callQuery: 'exchange.v1.call.query',
    callVerify: 'exchange.v1.call.verify',
    listCalls: 'exchange.v1.call.list',
  },
  /** Answered by a bare responder in benchmarks only; no service of the platform answers them. */
  diagnostics: {
    echo: 'diagnostics.v1.echo',
  },
} as const;

export const eventSubjects = {
  item: {
    published: 'evt.item.item.published',
    withdrawn: 'evt.item.item.withdrawn',
    calendarChanged: 'evt.item.calendar.changed',
  },
  identity: {
    appDisabled: 'evt.identity.app.disabled',
    appEnabled: 'evt.identity.app.enabled',
    appSecretRotated: 'evt.identity.app.secret-rotated',
    grantRevoked: 'evt.identity.grant.revoked',
    signingKeyRotated: 'evt.identity.key.rotated',
  },
  exchange: {
    catalogPublished: 'evt.exchange.catalog.published',
    catalogRetired: 'evt.exchange.catalog.retired',
    catalogNonCompliant: 'evt.exchange.catalog.noncompliant',
    guideChanged: 'evt.exchange.guide.changed',
    responsibilityAssigned: 'evt.exchange.responsibility.assigned',
    demandRequested: 'evt.exchange.demand.requested',
    demandApproved: 'evt.exchange.demand.approved',
    demandRejected: 'evt.exchange.demand.rejected',
    demandWithdrawn: 'evt.exchange.demand.withdrawn',
    dockingApproved: 'evt.exchange.docking.approved',
    dockingSuspended: 'evt.exchange.docking.suspended',
    dockingResumed: 'evt.exchange.docking.resumed',
    dockingRevoked: 'evt.exchange.docking.revoked',
    negativeAdded: 'evt.exchange.negative.added',
  },
} as const;

/** All the events of one entity, for a consumer that follows only those (a stream filter). */
export const eventSubjectGroups = {
  identity: {
    app: 'evt.identity.app.>',
    grant: 'evt.identity.grant.>',
  },
  exchange: {
    catalog: 'evt.exchange.catalog.>',
    docking: 'evt.exchange.docking.>',
    negative: 'evt.exchange.negative.>',
  },
} as const;

/** The longest an access token may live (ACCESS_TOKEN_TTL_SECONDS at most): a revoked grant matters no longer. */
export const longestTokenLifetimeMs = 3600 * 1000;

/**
 * How long a stream keeps its events, and what it does when full. A stream whose events are
 * replayed from its start into a copy (the gateway's disabled apps, the exchange's docking and
 * negative lists) keeps every event whatever its age, and when full refuses new ones: its
 * owner's outbox holds them, its lag alert fires, and no copy is ever built from a stream
 * that lost its oldest events. Only events that stop mattering after a time are dropped by age.
 */
export interface StreamRetention {
  /** Events older than this are removed by the server; none: kept whatever their age. */
  readonly maxAgeMs?: number;
  /** The stream's size limit, overridable by `STREAM_<name without EVT_>_MAX_BYTES`. */
  readonly maxBytes: number;
  /** `refuse-new`: a full stream refuses to publish (nothing is lost); `drop-old`: the oldest events go. */
  readonly whenFull: 'refuse-new' | 'drop-old';
}

export interface StreamDefinition {
  readonly name: string;
  readonly subjects: readonly string[];
  /** Subjects the stream once captured and gave to another stream: purged from it when it is updated. */
  readonly formerSubjects?: readonly string[];
  readonly retention: StreamRetention;
}

const gib = 1024 ** 3;
const keptWhole = (maxBytes: number): StreamRetention => ({ maxBytes, whenFull: 'refuse-new' });

/**
 * The JetStream streams: one per owning service, holding all of its events, but the grant
 * revocations, which have a stream of their own so that they can be dropped by age (every
 * sign-out of every citizen revokes one) while the app events beside them are kept.
 */
export const streams = {
  item: { name: 'EVT_ITEM', subjects: ['evt.item.>'], retention: keptWhole(gib) },
  identity: {
    name: 'EVT_IDENTITY',
    subjects: ['evt.identity.app.>', 'evt.identity.key.>'],
    formerSubjects: ['evt.identity.grant.>'],
    retention: keptWhole(gib / 4),
  },
  identityGrants: {
    name: 'EVT_IDENTITY_GRANT',
    subjects: ['evt.identity.grant.>'],
    // Ten minutes above the longest token lifetime: a revocation outlives every token it revokes.
    retention: { maxAgeMs: longestTokenLifetimeMs + 10 * 60_000, maxBytes: gib, whenFull: 'drop-old' },
  },
  exchange: { name: 'EVT_EXCHANGE', subjects: ['evt.exchange.>'], retention: keptWhole(gib) },
} as const satisfies Record<string, StreamDefinition>;
export type StreamKey = keyof typeof streams;

const prefixPattern = /^[A-Za-z0-9_-]{1,32}$/;

export function assertValidPrefix(prefix: string): void {
  if (prefix !== '' && !prefixPattern.test(prefix)) {
    throw new Error(`subject prefix "${prefix}" must be 1-32 letters, digits, '_' or '-'`);
  }
}

export function prefixed(prefix: string, subject: string): string {
  return prefix === '' ? subject : `${prefix}.${subject}`;
}

export function streamName(prefix: string, stream: StreamKey): string {
  const base = streams[stream].name;
  return prefix === '' ? base : `${base}_${prefix.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

export function streamSubjects(prefix: string, stream: StreamKey): string[] {
  return streams[stream].subjects.map((subject) => prefixed(prefix, subject));
}

/** The variable that overrides a stream's size limit: `STREAM_IDENTITY_GRANT_MAX_BYTES` for EVT_IDENTITY_GRANT. */
export function streamMaxBytesVariable(stream: StreamKey): string {
  return `STREAM_${streams[stream].name.replace(/^EVT_/, '')}_MAX_BYTES`;
}
