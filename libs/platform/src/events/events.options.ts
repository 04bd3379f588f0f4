import type { StreamKey } from '@igs/contracts';

export interface EventsOptions {
  /** The owning service's database schema, where its outbox lives. */
  schema: string;
  /** The JetStream stream the service owns and publishes to. */
  stream: StreamKey;
  pollIntervalMs?: number;
}

export const EVENTS_OPTIONS = Symbol('EVENTS_OPTIONS');
