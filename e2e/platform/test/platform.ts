import { join } from 'node:path';
import { createGatewayApp, loadGatewayConfig } from '@igs/gateway';
import { createIdentityApp, loadIdentityConfig, MemorySmsSender } from '@igs/identity';
import { createExchangeApp, loadExchangeConfig } from '@igs/exchange';
import { createItemApp, loadItemConfig } from '@igs/item';
import { HealthRegistry, startTelemetry } from '@igs/platform';
import { createTestDatabase, freePort, memoryLogger, startTestNats, type TestDatabase, type TestNats, type TestNatsOptions } from '@igs/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

export const demoRealmFile = join(__dirname, '..', '..', '..', '..', 'deploy', 'demo', 'realm.json');

export interface RunningPlatform {
  url: string;
  issuer: string;
  prefix: string;
  /** The run's own closed bus: its server, every app's credentials, an inspector's connection. */
  nats: TestNats;
  db: TestDatabase;
  gateway: NestFastifyApplication;
  identity?: NestFastifyApplication;
  /** The SMS messages the identity service sent (instead of an SMS gateway). */
  sms: MemorySmsSender;
  item?: NestFastifyApplication;
  exchange?: NestFastifyApplication;
  logs: {
    gateway: ReturnType<typeof memoryLogger>;
    item: ReturnType<typeof memoryLogger>;
    identity: ReturnType<typeof memoryLogger>;
    exchange: ReturnType<typeof memoryLogger>;
  };
  stop(): Promise<void>;
}

export interface PlatformOptions {
  /** Left out only when the exchange is too: the exchange loads item's working-day calendar. */
  withItem?: boolean;
  withIdentity?: boolean;
  withExchange?: boolean;
  gatewayEnv?: Record<string, string>;
  identityEnv?: Record<string, string>;
  exchangeEnv?: Record<string, string>;
  /** How the run's bus is made: diagnostics users, TLS, more server configuration. */
  nats?: TestNatsOptions;
  /** The PostgreSQL server the database is made on (a test's own, from startPostgresServer); the machine's by default. */
  databaseAdminUrl?: string;
}

/**
 * The gateway, the identity service (with the demo realm) and the item service in this
 * process, on a database and subject prefix of their own. A service left out leaves its
 * subjects without a responder.
 */
export async function startPlatform(options: PlatformOptions = {}): Promise<RunningPlatform> {
  // As each app's main does; a no-op when a test already started it with its own exporter.
  startTelemetry({ serviceName: 'platform-e2e' });
  const nats = await startTestNats(options.nats);
  const prefix = nats.prefix;
  const db = await createTestDatabase('e2e', options.databaseAdminUrl);
  const logs = { gateway: memoryLogger('gateway'), item: memoryLogger('item'), identity: memoryLogger('identity'), exchange: memoryLogger('exchange') };
  const common = { LOG_LEVEL: 'info' };
  const identityPort = await freePort();
  const issuer = `http://127.0.0.1:${identityPort}/oidc`;

  const sms = new MemorySmsSender();
  let identity: NestFastifyApplication | undefined;
  if (options.withIdentity !== false) {
    identity = await createIdentityApp(
      loadIdentityConfig({
        ...common,
        ...nats.envFor('identity'),
        DATABASE_URL: db.url,
        IDENTITY_PORT: String(identityPort),
        IDENTITY_REALM_FILE: demoRealmFile,
        ...options.identityEnv,
      }),
      logs.identity.logger,
      sms,
    );
    await identity.listen(identityPort, '127.0.0.1');
  }
  let item: NestFastifyApplication | undefined;
  // The exchange counts working days on the item service's calendar: it runs with the item service.
  if (options.withItem !== false || options.withExchange) {
    item = await createItemApp(loadItemConfig({ ...common, ...nats.envFor('item'), DATABASE_URL: db.url }), logs.item.logger);
    await item.init();
    await item.get(HealthRegistry).untilReady();
  }
  let exchange: NestFastifyApplication | undefined;
  if (options.withExchange) {
    exchange = await createExchangeApp(
      loadExchangeConfig({ ...common, ...nats.envFor('exchange'), DATABASE_URL: db.url, ...options.exchangeEnv }),
      logs.exchange.logger,
    );
    await exchange.init();
    await exchange.get(HealthRegistry).untilReady();
  }
  const gateway = await createGatewayApp(
    loadGatewayConfig({ ...common, ...nats.envFor('gateway'), OIDC_ISSUER: issuer, ...options.gatewayEnv }),
    logs.gateway.logger,
  );
  await gateway.listen(0, '127.0.0.1');
  const url = (await gateway.getUrl()).replace('[::1]', '127.0.0.1');
  if (identity) await waitUntilReady(`${url}/health/ready`);
  return {
    url,
    issuer,
    prefix,
    nats,
    db,
    gateway,
    identity,
    sms,
    item,
    exchange,
    logs,
    async stop() {
      await gateway.close();
      await item?.close();
      await exchange?.close();
      await identity?.close();
      await nats.stop();
      await db.drop();
    },
  };
}

/** The gateway is ready once it has replayed the identity events (disabled apps, revoked grants). */
async function waitUntilReady(url: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await fetch(url)).status !== 200) {
    if (Date.now() > deadline) throw new Error(`${url} did not become ready`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
