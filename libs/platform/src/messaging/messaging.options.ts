import { busSecurityFrom, type BusSecurity } from '../bus/bus-security.js';
import type { PlatformEnv } from '../config/load-config.js';
import { streamSettingsFrom, type StreamSettings } from '../events/stream-settings.js';

export interface MessagingOptions {
  /** The app's name: its queue group, its name on the NATS connection, and its key id as a signer. */
  app: string;
  natsUrl: string;
  subjectPrefix: string;
  requestTimeoutMs: number;
  /** Credentials and caller signing; without them the app expects an open development bus. */
  security?: BusSecurity;
  /** Replicas and size limits of the streams the app owns; one replica and the contracts' limits by default. */
  streams?: StreamSettings;
}

/** An app's messaging options from its validated environment; throws ConfigError for bad credentials. */
export function messagingOptionsFor(app: string, config: PlatformEnv): MessagingOptions {
  return {
    app,
    natsUrl: config.NATS_URL,
    subjectPrefix: config.SUBJECT_PREFIX,
    requestTimeoutMs: config.NATS_REQUEST_TIMEOUT_MS,
    security: busSecurityFrom(app, config),
    streams: streamSettingsFrom(config),
  };
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
