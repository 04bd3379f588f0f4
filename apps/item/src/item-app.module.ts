import { Module, type DynamicModule } from '@nestjs/common';
import { DatabaseModule, EventsModule, messagingOptionsFor, MessagingModule, MetricsModule, PlatformModule, type AppLogger } from '@igs/platform';
import { CalendarDayRow } from './calendar/calendar-day.entity.js';
import { CalendarModule } from './calendar/calendar.module.js';
import { CreateCalendar1765150000000 } from './calendar/migrations/1765150000000-create-calendar.js';
import type { ItemConfig } from './config.js';
import { ItemVersion } from './items/item-version.entity.js';
import { ItemsModule } from './items/items.module.js';
import { CreateItemVersions1764115300000 } from './items/migrations/1764115300000-create-item-versions.js';

export const itemSchema = 'item';

@Module({})
export class ItemAppModule {
  static forRoot(config: ItemConfig, logger: AppLogger): DynamicModule {
    return {
      module: ItemAppModule,
      imports: [
        PlatformModule.forRoot(logger),
        // This app's Nest HTTP server is its health port: /metrics is served beside the probes.
        MetricsModule,
        MessagingModule.forRoot(messagingOptionsFor('item', config)),
        DatabaseModule.forRoot({
          url: config.DATABASE_URL,
          schema: itemSchema,
          poolSize: config.DATABASE_POOL_SIZE,
          entities: [ItemVersion, CalendarDayRow],
          migrations: [CreateItemVersions1764115300000, CreateCalendar1765150000000],
        }),
        EventsModule.forRoot({ schema: itemSchema, stream: 'item' }),
        ItemsModule,
        CalendarModule,
      ],
    };
  }
}
