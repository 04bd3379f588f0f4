import { Module, type DynamicModule } from '@nestjs/common';
import { EVENTS_OPTIONS, type EventsOptions } from './events.options.js';
import { OutboxRelay } from './outbox-relay.js';
import { UnitOfWork } from './unit-of-work.js';

/** Transactional outbox and its relay to the service's JetStream stream. */
@Module({})
export class EventsModule {
  static forRoot(options: EventsOptions): DynamicModule {
    return {
      module: EventsModule,
      global: true,
      providers: [{ provide: EVENTS_OPTIONS, useValue: options }, OutboxRelay, UnitOfWork],
      exports: [UnitOfWork, OutboxRelay, EVENTS_OPTIONS],
    };
  }
}
