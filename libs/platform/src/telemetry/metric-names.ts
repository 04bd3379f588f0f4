/**
 * Every metric the platform exports, defined once: the apps create their instruments from
 * these definitions, and the dashboards and alerts in k8s/monitoring are checked against
 * them (a spec fails when a panel or a rule names a metric that no app exports).
 *
 * Names follow the OpenTelemetry semantic conventions where one exists (HTTP, database
 * pool, runtime) and `igs.<area>.<what>` otherwise. Attributes are bounded: routes, subject
 * templates, catalog codes, outcomes and error codes, never ids, callers or personal values.
 */
export type MetricKind = 'counter' | 'histogram' | 'gauge' | 'updowncounter';

export interface MetricDefinition {
  readonly name: string;
  readonly kind: MetricKind;
  readonly unit: string;
  readonly description: string;
  readonly attributes: readonly string[];
}

function metric<const M extends MetricDefinition>(definition: M): M {
  return definition;
}

/** Bucket bounds for durations in seconds (the HTTP semantic conventions' advice). */
export const secondsBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/** Bucket bounds for batch sizes (calls per audit group commit). */
export const batchSizeBuckets = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000];

export const platformMetrics = {
  httpServerDuration: metric({
    name: 'http.server.request.duration',
    kind: 'histogram',
    unit: 's',
    description: 'HTTP requests served, by route template, method and status',
    attributes: ['http.request.method', 'http.route', 'http.response.status_code'],
  }),
  messagingRequestDuration: metric({
    name: 'igs.messaging.request.duration',
    kind: 'histogram',
    unit: 's',
    description: 'NATS requests sent and their replies, by subject (without the node prefix) and outcome',
    attributes: ['messaging.destination.name', 'outcome', 'error.type'],
  }),
  messagingHandlerDuration: metric({
    name: 'igs.messaging.handler.duration',
    kind: 'histogram',
    unit: 's',
    description: 'NATS requests handled by this service, by subject (without the node prefix) and outcome',
    attributes: ['messaging.destination.name', 'outcome', 'error.type'],
  }),
  dataCalls: metric({
    name: 'igs.exchange.data_calls',
    kind: 'counter',
    unit: '{call}',
    description: 'Data calls by catalog, operation (query, verify), outcome (answered, denied, failed) and denial code',
    attributes: ['catalog', 'operation', 'outcome', 'error.type'],
  }),
  dataCallDuration: metric({
    name: 'igs.exchange.data_call.duration',
    kind: 'histogram',
    unit: 's',
    description: 'Time from a data call reaching the exchange to its audited answer, by operation and outcome',
    attributes: ['operation', 'outcome'],
  }),
  auditBatchSize: metric({
    name: 'igs.exchange.audit.batch.size',
    kind: 'histogram',
    unit: '{call}',
    description: 'Calls per audit group commit',
    attributes: [],
  }),
  auditCommitDuration: metric({
    name: 'igs.exchange.audit.commit.duration',
    kind: 'histogram',
    unit: 's',
    description: 'Time one audit group commit takes in PostgreSQL',
    attributes: [],
  }),
  auditCommitFailures: metric({
    name: 'igs.exchange.audit.commit.failures',
    kind: 'counter',
    unit: '{batch}',
    description: 'Audit group commits that failed (their calls were not answered as done)',
    attributes: ['error.type'],
  }),
  outboxBacklog: metric({
    name: 'igs.outbox.backlog',
    kind: 'gauge',
    unit: '{event}',
    description: 'Events written to the outbox and not yet published',
    attributes: [],
  }),
  outboxLag: metric({
    name: 'igs.outbox.lag',
    kind: 'gauge',
    unit: 's',
    description: 'Age of the oldest event not yet published from the outbox (0 when none waits)',
    attributes: [],
  }),
  outboxPublished: metric({
    name: 'igs.outbox.published',
    kind: 'counter',
    unit: '{event}',
    description: 'Events published from the outbox to JetStream',
    attributes: [],
  }),
  followerLag: metric({
    name: 'igs.stream.follower.lag',
    kind: 'gauge',
    unit: '{event}',
    description: 'Events of a followed stream not yet applied by this replica',
    attributes: ['stream'],
  }),
  followerCurrent: metric({
    name: 'igs.stream.follower.current',
    kind: 'gauge',
    unit: '1',
    description: '1 while the copy kept from a followed stream is known current, 0 otherwise',
    attributes: ['stream'],
  }),
  eventsRefused: metric({
    name: 'igs.events.refused',
    kind: 'counter',
    unit: '{event}',
    description: 'Events a follower or listener refused because their envelope or data does not parse against the event definition',
    attributes: ['messaging.destination.name', 'stream'],
  }),
  dbPoolConnections: metric({
    name: 'db.client.connection.count',
    kind: 'updowncounter',
    unit: '{connection}',
    description: 'PostgreSQL connections of the pool, by state (idle, used)',
    attributes: ['db.client.connection.state', 'db.client.connection.pool.name'],
  }),
  dbPoolPending: metric({
    name: 'db.client.connection.pending_requests',
    kind: 'updowncounter',
    unit: '{request}',
    description: 'Queries waiting for a connection of the pool',
    attributes: ['db.client.connection.pool.name'],
  }),
  // Made by @opentelemetry/instrumentation-pg with the pool figures above; listed so dashboards may name them.
  dbOperationDuration: metric({
    name: 'db.client.operation.duration',
    kind: 'histogram',
    unit: 's',
    description: 'PostgreSQL statements, by operation (SELECT, INSERT...) and error',
    attributes: ['db.system.name', 'db.namespace', 'db.operation.name', 'server.address', 'server.port', 'error.type'],
  }),
  dbPoolMax: metric({
    name: 'db.client.connection.max',
    kind: 'updowncounter',
    unit: '{connection}',
    description: 'The most connections the pool opens',
    attributes: ['db.client.connection.pool.name'],
  }),
  signingKeyAge: metric({
    name: 'igs.identity.signing_key.age',
    kind: 'gauge',
    unit: 's',
    description: 'Age of the key that signs access tokens now',
    attributes: [],
  }),
  // Made by @opentelemetry/instrumentation-runtime-node; listed so dashboards may name them.
  eventLoopDelayP99: metric({ name: 'nodejs.eventloop.delay.p99', kind: 'gauge', unit: 's', description: 'Event loop delay, 99th percentile', attributes: [] }),
  eventLoopUtilization: metric({ name: 'nodejs.eventloop.utilization', kind: 'gauge', unit: '1', description: 'Event loop utilisation', attributes: [] }),
  heapUsed: metric({
    name: 'v8js.memory.heap.used',
    kind: 'gauge',
    unit: 'By',
    description: 'V8 heap used, by heap space',
    attributes: ['v8js.heap.space.name'],
  }),
  gcDuration: metric({
    name: 'v8js.gc.duration',
    kind: 'histogram',
    unit: 's',
    description: 'Garbage collection pauses, by kind',
    attributes: ['v8js.gc.type'],
  }),
} as const;

export type MetricKey = keyof typeof platformMetrics;

/**
 * The name Prometheus sees for a metric (or one of its label names): what the OpenTelemetry
 * Prometheus exporter writes, dots and other characters turned into underscores, no unit
 * suffix, and `_total` after a counter. Histograms add `_bucket`, `_sum` and `_count`.
 */
export function prometheusName(definition: Pick<MetricDefinition, 'name' | 'kind'>): string {
  const base = prometheusLabel(definition.name);
  return definition.kind === 'counter' ? `${base}_total` : base;
}

export function prometheusLabel(name: string): string {
  return name.replace(/[^a-zA-Z0-9_:]/g, '_');
}
