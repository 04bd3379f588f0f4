import { randomBytes } from 'node:crypto';
import { busApps, inboxPrefixOf, type BusApp } from '@igs/contracts';
import { busCallerKeys, natsServerConfig, newUserNkey, type NatsServerConfigOptions } from '@igs/platform';
import { connect, nkeyAuthenticator, type ConnectionOptions, type NatsConnection } from '@nats-io/transport-node';
import { startNatsServer, type TestNatsServer } from './nats-server.js';

/** A subject prefix of its own for one test file: its subjects and streams touch no one else's. */
export function uniqueSubjectPrefix(): string {
  return `t${randomBytes(5).toString('hex')}`;
}

/** Who a test connects as: an app (its credentials and permissions), or an inspector who may do anything. */
export type TestBusUser = BusApp | 'inspector' | 'diagnostics';

/**
 * A closed bus of a test's own: a nats-server configured as a deployment is (the users and
 * permissions generated from the contracts), with fresh keys for every app, plus an
 * inspector user that tests use to look at streams. Nothing connects without credentials.
 */
export interface TestNats {
  url: string;
  prefix: string;
  server: TestNatsServer;
  seeds: Readonly<Record<TestBusUser, string>>;
  /** The bus variables an app of this run starts with: NATS_URL, SUBJECT_PREFIX, its seed and the apps' keys. */
  envFor(app: BusApp | 'diagnostics'): Record<string, string>;
  /** A connection as one of the users (default: the inspector). */
  connect(as?: TestBusUser, options?: Partial<ConnectionOptions>): Promise<NatsConnection>;
  stop(): Promise<void>;
}

export interface TestNatsOptions {
  prefix?: string;
  /** Let the gateway forward the echo route to a `diagnostics` responder, as benchmarks do. */
  diagnostics?: boolean;
  /** The server's certificate; with `caFile`, every app and test connection trusts that CA. */
  tls?: NatsServerConfigOptions['tls'];
  /** More server configuration (e.g. `max_payload`). */
  extraConfig?: string;
}

export async function startTestNats(options: TestNatsOptions = {}): Promise<TestNats> {
  const prefix = options.prefix ?? uniqueSubjectPrefix();
  const keys = Object.fromEntries([...busApps, 'inspector', 'diagnostics'].map((user) => [user, newUserNkey()])) as Record<
    TestBusUser,
    { seed: string; publicKey: string }
  >;
  const users = Object.fromEntries(busApps.map((app) => [app, keys[app].publicKey])) as Record<BusApp, string>;
  const config = natsServerConfig({
    prefix,
    users,
    inspectors: [keys.inspector.publicKey],
    diagnostics: options.diagnostics ? keys.diagnostics.publicKey : undefined,
    tls: options.tls,
  });
  const server = await startNatsServer({ config: [config, options.extraConfig ?? ''].join('\n') });
  const callerKeys = busCallerKeys(users);
  const caFile = options.tls?.caFile;
  const seeds = Object.fromEntries(Object.entries(keys).map(([user, key]) => [user, key.seed])) as Record<TestBusUser, string>;
  return {
    url: server.url,
    prefix,
    server,
    seeds,
    envFor: (app) => ({
      NATS_URL: server.url,
      SUBJECT_PREFIX: prefix,
      NATS_NKEY_SEED: seeds[app],
      BUS_CALLER_KEYS: callerKeys,
      ...(caFile ? { NATS_TLS_CA_FILE: caFile } : {}),
    }),
    connect: (as = 'inspector', connectOptions = {}) =>
      connect({
        servers: server.url,
        name: `test-${as}`,
        inboxPrefix: inboxPrefixOf(as),
        authenticator: nkeyAuthenticator(new TextEncoder().encode(seeds[as])),
        ...(caFile ? { tls: { caFile } } : {}),
        ...connectOptions,
      }),
    stop: () => server.stop(),
  };
}
