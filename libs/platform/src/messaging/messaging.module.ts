import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { assertValidPrefix } from '@igs/contracts';
import { HealthRegistry } from '../health/health.registry.js';
import { LOGGER, type AppLogger } from '../logging/logger.token.js';
import { MessageBus } from './message-bus.js';
import { MESSAGING_OPTIONS, NATS_CONNECTION, type MessagingOptions } from './messaging.options.js';
import { NatsLink } from './nats-connection.js';
import { RequestHandlerRegistrar } from './request-handler.registrar.js';

@Module({})
export class MessagingModule implements OnApplicationShutdown {
  constructor(
    @Inject(NATS_CONNECTION) private readonly link: NatsLink,
    health: HealthRegistry,
  ) {
    health.register('nats', () => link.isConnected());
  }

  static forRoot(options: MessagingOptions): DynamicModule {
    assertValidPrefix(options.subjectPrefix);
    return {
      module: MessagingModule,
      global: true,
      imports: [DiscoveryModule],
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        {
          provide: NATS_CONNECTION,
          inject: [LOGGER],
          useFactory: (logger: AppLogger) => NatsLink.connect(options, logger),
        },
        MessageBus,
        RequestHandlerRegistrar,
      ],
      exports: [MessageBus, NATS_CONNECTION, MESSAGING_OPTIONS],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    // Runs after the registrar drained its subscriptions: flush what is left, then close.
    if (!this.link.nc.isClosed()) await this.link.nc.drain();
  }
}
