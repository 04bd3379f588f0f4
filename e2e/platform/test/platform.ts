import { createGatewayApp, loadGatewayConfig } from '@igs/gateway';
import { createItemApp, loadItemConfig } from '@igs/item';
import { startTelemetry } from '@igs/platform';
import { createTestDatabase, memoryLogger, testNatsUrl, uniqueSubjectPrefix, connectTestNats, deleteStreams, type TestDatabase } from '@igs/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

export interface RunningPlatform {
  url: string;
  prefix: string;
  db: TestDatabase;
  gateway: NestFastifyApplication;
  item?: NestFastifyApplication;
  logs: { gateway: ReturnType<typeof memoryLogger>; item: ReturnType<typeof memoryLogger> };
  stop(): Promise<void>;
}

/**
 * The gateway and the item service in this process, on a database and subject prefix of
 * their own. `withItem: false` leaves the item subjects without a responder.
 */
export async function startPlatform(options: { withItem?: boolean; gatewayEnv?: Record<string, string> } = {}): Promise<RunningPlatform> {
  // As each app's main does; a no-op when a test already started it with its own exporter.
  startTelemetry({ serviceName: 'platform-e2e' });
  const prefix = uniqueSubjectPrefix();
  const db = await createTestDatabase('e2e');
  const logs = { gateway: memoryLogger('gateway'), item: memoryLogger('item') };
  const common = { NATS_URL: testNatsUrl(), SUBJECT_PREFIX: prefix, LOG_LEVEL: 'info' };
  let item: NestFastifyApplication | undefined;
  if (options.withItem !== false) {
    item = await createItemApp(loadItemConfig({ ...common, DATABASE_URL: db.url }), logs.item.logger);
    await item.init();
  }
  const gateway = await createGatewayApp(loadGatewayConfig({ ...common, ...options.gatewayEnv }), logs.gateway.logger);
  await gateway.listen(0, '127.0.0.1');
  const url = await gateway.getUrl();
  return {
    url: url.replace('[::1]', '127.0.0.1'),
    prefix,
    db,
    gateway,
    item,
    logs,
    async stop() {
      await gateway.close();
      await item?.close();
      const nc = await connectTestNats();
      await deleteStreams(nc, prefix);
      await nc.drain();
      await db.drop();
    },
  };
}
