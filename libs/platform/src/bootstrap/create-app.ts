import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyServerOptions } from 'fastify';
import { PinoNestLogger } from '../logging/logger.js';
import type { AppLogger } from '../logging/logger.token.js';

export interface CreateAppOptions {
  logger: AppLogger;
  fastify?: FastifyServerOptions;
}

/** A Nest app on Fastify with JSON logs; `listen` is left to the caller (tests use port 0). */
export async function createApp(module: DynamicModule, options: CreateAppOptions): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(module, new FastifyAdapter(options.fastify), {
    logger: new PinoNestLogger(options.logger),
    abortOnError: false,
  });
  app.enableShutdownHooks();
  return app;
}
