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
    /** Answered by a bare responder in benchmarks only; the platform has none. */
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

/** One JetStream stream per owning service, holding all of its events. */
export const streams = {
  item: { name: 'EVT_ITEM', subjects: ['evt.item.>'] },
  identity: { name: 'EVT_IDENTITY', subjects: ['evt.identity.>'] },
  exchange: { name: 'EVT_EXCHANGE', subjects: ['evt.exchange.>'] },
} as const;
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
