import { createApp, createLogger, type AppLogger } from '@igs/platform';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ExchangeConfig } from './config.js';
import { ExchangeAppModule } from './exchange-app.module.js';

/** The data sharing and exchange service: NATS handlers, plus an HTTP server for its health probes only. */
export async function createExchangeApp(
  config: ExchangeConfig,
  logger: AppLogger = createLogger('exchange', config.LOG_LEVEL),
): Promise<NestFastifyApplication> {
  return createApp(ExchangeAppModule.forRoot(config, logger), { logger });
}
