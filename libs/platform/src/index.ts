export {
  base64KeyEnv,
  ConfigError,
  databaseEnv,
  developmentKey,
  healthPortEnv,
  loadConfig,
  platformEnv,
} from './config/load-config.js';
export type { PlatformEnv } from './config/load-config.js';
export { LocalCalendar } from './calendar/local-calendar.js';
export { WorkingCalendar } from './calendar/working-calendar.js';
export { AppError, RemoteError } from './errors/app-error.js';
export { fieldErrorsOf } from './errors/zod-errors.js';
export { createLogger, PinoNestLogger } from './logging/logger.js';
export { LOGGER } from './logging/logger.token.js';
export type { AppLogger } from './logging/logger.token.js';
export { startTelemetry } from './telemetry/telemetry.js';
export type { Telemetry, TelemetryOptions } from './telemetry/telemetry.js';
export {
  contextFromCarrier,
  extractTraceContext,
  injectTraceContext,
  traceparentOf,
} from './telemetry/nats-propagation.js';
export {
  batchSizeBuckets,
  platformMetrics,
  prometheusLabel,
  prometheusName,
  secondsBuckets,
} from './telemetry/metric-names.js';
export type { MetricDefinition, MetricKey, MetricKind } from './telemetry/metric-names.js';
export { createInstrument, platformMeter, secondsSince } from './telemetry/instruments.js';
export { installHttpMetrics, routeOf, unmatchedRoute } from './telemetry/http-metrics.js';
export { MetricsController, MetricsModule, serveMetrics } from './telemetry/metrics-endpoint.js';
export { MESSAGING_OPTIONS, messagingOptionsFor, NATS_CONNECTION } from './messaging/messaging.options.js';
export type { MessagingOptions } from './messaging/messaging.options.js';
export { NatsLink } from './messaging/nats-connection.js';
export { MessageBus } from './messaging/message-bus.js';
export type { RequestHandler, SendOptions } from './messaging/message-bus.js';
export type { RequestContext } from './messaging/request-context.js';
export { HANDLE_REQUEST, HandleRequest } from './messaging/handle-request.decorator.js';
export { MessagingModule } from './messaging/messaging.module.js';
export { EventsModule } from './events/events.module.js';
export { EVENTS_OPTIONS } from './events/events.options.js';
export type { EventsOptions } from './events/events.options.js';
export { ensureStream, streamConfig } from './events/event-streams.js';
export { defaultStreamSettings, streamEnv, streamSettingsFrom } from './events/stream-settings.js';
export type { StreamEnv, StreamSettings } from './events/stream-settings.js';
export { OutboxRelay } from './events/outbox-relay.js';
export { Transaction, UnitOfWork } from './events/unit-of-work.js';
export { DatabaseModule } from './database/database.module.js';
export type { DatabaseOptions } from './database/database.module.js';
export { pgPoolOf } from './database/pg-pool.js';
export { HealthRegistry } from './health/health.registry.js';
export type { HealthCheck } from './health/health.registry.js';
export { HealthModule } from './health/health.module.js';
export { HealthServer } from './health/health-server.js';
export { PlatformModule } from './bootstrap/platform.module.js';
export { createApp } from './bootstrap/create-app.js';
export type { CreateAppOptions } from './bootstrap/create-app.js';
export { runMain } from './bootstrap/run-main.js';
export { requiredNodeVersion, tooOldNode } from './bootstrap/node-version.js';
export { allFollowers, followStream } from './events/stream-follower.js';
export type { FollowOptions, StreamFollower } from './events/stream-follower.js';
export { followEvents, onEvent } from './events/follow-events.js';
export type { EventHandler } from './events/follow-events.js';
export { readStreamPosition, streamPositionMigration } from './events/stream-position.migration.js';
export { canActFor, hasScope, platformDepartment, requireDepartment, requireScope } from './errors/authorization.js';
export { busEnv } from './bus/bus-env.js';
export type { BusEnv } from './bus/bus-env.js';
export { busSecurityFrom } from './bus/bus-security.js';
export type { BusSecurity } from './bus/bus-security.js';
export { callerAssertionType, CallerSigner, CallerVerifier, edgeApp } from './bus/caller-assertion.js';
export { newUserNkey, nkeyFromSeed, nkeyPublicKey } from './bus/nkeys.js';
export type { NkeyPair } from './bus/nkeys.js';
export { natsPermissions, withDiagnostics } from './bus/nats-permissions.js';
export type { NatsPermissions } from './bus/nats-permissions.js';
export { busCallerKeys, natsServerConfig } from './bus/nats-server-config.js';
export type { NatsServerConfigOptions } from './bus/nats-server-config.js';
export { databaseRetryAfterSeconds, isDatabaseUnavailable } from './errors/database-errors.js';
export { RateLimitedLog } from './logging/rate-limited-log.js';
export {
  deadlineFor,
  deadlineSkewMs,
  isPastDeadline,
  readDeadline,
  replyMarginMs,
  tooLateToStart,
} from './messaging/deadline.js';
export { kekIdEnv, previousKeksEnv } from './config/kek-env.js';
export type { KeyEncryptionKeyConfig } from './config/kek-env.js';
export { rewrapEnvelopes } from './database/rewrap-envelopes.js';
export type { EnvelopeColumn, RewrapProgress } from './database/rewrap-envelopes.js';
export { runCommand } from './bootstrap/run-command.js';
export { escapeLike, SqlFilter } from './database/sql-filter.js';
export { pagedQuery } from './database/paged-query.js';
export type { SqlRunner } from './database/paged-query.js';
