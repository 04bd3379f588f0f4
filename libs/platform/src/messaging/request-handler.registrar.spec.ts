import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { anonymousCaller, defineRequest } from '@igs/contracts';
import { z } from 'zod';
import { PlatformModule } from '../bootstrap/platform.module.js';
import { RemoteError } from '../errors/app-error.js';
import { HealthRegistry } from '../health/health.registry.js';
import { createLogger } from '../logging/logger.js';
import { HandleRequest } from './handle-request.decorator.js';
import { MessageBus } from './message-bus.js';
import { MessagingModule } from './messaging.module.js';

const double = defineRequest({ subject: 'spec.double', request: z.object({ n: z.number() }), reply: z.object({ n: z.number() }) });

/** A responder whose readiness the test controls, standing for an exchange still rebuilding its lists. */
@Injectable()
class GatedResponder {
  caughtUp = false;

  constructor(health: HealthRegistry) {
    health.register('caught-up', () => this.caughtUp);
  }

  @HandleRequest(double)
  double({ n }: { n: number }) {
    return { n: n * 2 };
  }
}

@Module({ providers: [GatedResponder] })
class GatedModule {}

describe('RequestHandlerRegistrar', () => {
  const prefix = `spec${randomUUID().slice(0, 8)}`;
  let app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>;

  before(async () => {
    const logger = createLogger('spec', 'silent');
    app = await NestFactory.createApplicationContext(
      {
        module: class SpecApp {},
        imports: [
          PlatformModule.forRoot(logger),
          MessagingModule.forRoot({
            app: 'spec',
            natsUrl: process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222',
            subjectPrefix: prefix,
            requestTimeoutMs: 2000,
          }),
          GatedModule,
        ],
      },
      { logger: false },
    );
    await app.init();
  });

  after(() => app?.close());

  it('takes requests only once the replica is otherwise ready, and then reports itself serving', async () => {
    const bus = app.get(MessageBus);
    const health = app.get(HealthRegistry);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await assert.rejects(
      bus.request(double, { n: 2 }, anonymousCaller),
      (error: unknown) => error instanceof RemoteError && error.hasCode('PLATFORM.SERVICE_UNAVAILABLE'),
    );
    assert.deepEqual((await health.report()).checks, { nats: 'up', 'caught-up': 'down', requests: 'down' });

    app.get(GatedResponder).caughtUp = true;
    await health.untilReady(5000);
    assert.deepEqual(await bus.request(double, { n: 2 }, anonymousCaller), { n: 4 });
  });
});
