import { createApp, createLogger, type AppLogger } from '@igs/platform';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ItemConfig } from './config.js';
import { ItemAppModule } from './item-app.module.js';

/** The item service: NATS handlers, plus an HTTP server for its health probes only. */
export async function createItemApp(config: ItemConfig, logger: AppLogger = createLogger('item', config.LOG_LEVEL)): Promise<NestFastifyApplication> {
  return createApp(ItemAppModule.forRoot(config, logger), { logger });
}
