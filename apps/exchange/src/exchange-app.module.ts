import { Module, type DynamicModule } from '@nestjs/common';
import {
  DatabaseModule,
  EventsModule,
  LocalCalendar,
  messagingOptionsFor,
  MessagingModule,
  MetricsModule,
  PlatformModule,
  type AppLogger,
} from '@igs/platform';
import { CallMetrics } from './calls/call-metrics.js';
import { CallRecorder } from './calls/call-recorder.js';
import { CallAuditService } from './calls/call-audit.service.js';
import { AuthorizationCopy } from './calls/authorization-copy.js';
import { CallCatalogs } from './calls/call-catalogs.js';
import { CallHandlers } from './calls/call.handlers.js';
import { CallService } from './calls/call.service.js';
import { DataKeys } from './calls/data-keys.js';
import { DockingUsage } from './calls/docking-usage.js';
import { FieldRendering } from './calls/field-rendering.js';
import { CatalogHandlers } from './catalog/catalog.handlers.js';
import { CatalogRepository } from './catalog/catalog.repository.js';
import { CatalogService } from './catalog/catalog.service.js';
import type { ExchangeConfig } from './config.js';
import { CalendarCopy } from './demands/calendar-copy.js';
import { DemandService } from './demands/demand.service.js';
import { DemandHandlers } from './demands/demand.handlers.js';
import { DemandRepository } from './demands/demand.repository.js';
import { EXCHANGE_CONFIG } from './exchange.options.js';
import { GuideRepository } from './guide/guide.repository.js';
import { GuideService } from './guide/guide.service.js';
import { ListsService } from './lists/lists.service.js';
import { ListsHandlers } from './lists/lists.handlers.js';
import { ListsRepository } from './lists/lists.repository.js';
import { FiguresRepository } from './lists/figures.repository.js';
import { FiguresService } from './lists/figures.service.js';
import { CreateSharing1764130000001 } from './migrations/1764130000001-create-sharing.js';
import { CreateResources1764130000002 } from './migrations/1764130000002-create-resources.js';
import { CreateCallAudit1764130000003 } from './migrations/1764130000003-create-call-audit.js';
import { CreateDockingUsage1764130000004 } from './migrations/1764130000004-create-docking-usage.js';
import { DockingUsageSlots1764130000005 } from './migrations/1764130000005-docking-usage-slots.js';
import { ResourceBatchesAppendOnly1764130000006 } from './migrations/1764130000006-resource-batches-append-only.js';
import { ResourcePayloadAsJson1764130000007 } from './migrations/1764130000007-resource-payload-as-json.js';
import { CallAuditRequestHashIndex1764130000008 } from './migrations/1764130000008-call-audit-request-hash-index.js';
import { CallAuditSourceBatch1764130000009 } from './migrations/1764130000009-call-audit-source-batch.js';
import { ResourceHandlers } from './resources/resource.handlers.js';
import { ResourceRepository } from './resources/resource.repository.js';
import { RowPreparers } from './resources/row-preparers.js';
import { ResourceService } from './resources/resource.service.js';
import { ResourceTokens } from './resources/resource-tokens.js';
import { CreateCatalog1764130000000 } from './migrations/1764130000000-create-catalog.js';

export const exchangeSchema = 'exchange';

@Module({})
export class ExchangeAppModule {
  static forRoot(config: ExchangeConfig, logger: AppLogger): DynamicModule {
    return {
      module: ExchangeAppModule,
      imports: [
        PlatformModule.forRoot(logger),
        // This app's Nest HTTP server is its health port: /metrics is served beside the probes.
        MetricsModule,
        MessagingModule.forRoot(messagingOptionsFor('exchange', config)),
        DatabaseModule.forRoot({
          url: config.DATABASE_URL,
          schema: exchangeSchema,
          poolSize: config.DATABASE_POOL_SIZE,
          entities: [],
          migrations: [
            CreateCatalog1764130000000,
            CreateSharing1764130000001,
            CreateResources1764130000002,
            CreateCallAudit1764130000003,
            CreateDockingUsage1764130000004,
            DockingUsageSlots1764130000005,
            ResourceBatchesAppendOnly1764130000006,
            ResourcePayloadAsJson1764130000007,
            CallAuditRequestHashIndex1764130000008,
            CallAuditSourceBatch1764130000009,
          ],
        }),
        EventsModule.forRoot({ schema: exchangeSchema, stream: 'exchange' }),
      ],
      providers: [
        { provide: EXCHANGE_CONFIG, useValue: config },
        { provide: LocalCalendar, useValue: new LocalCalendar(config.TIME_ZONE) },
        CatalogRepository,
        DemandRepository,
        ListsRepository,
        FiguresRepository,
        GuideRepository,
        GuideService,
        CatalogService,
        CatalogHandlers,
        CalendarCopy,
        DemandService,
        ListsService,
        FiguresService,
        DemandHandlers,
        ListsHandlers,
        ResourceTokens,
        RowPreparers,
        ResourceRepository,
        ResourceService,
        ResourceHandlers,
        AuthorizationCopy,
        CallCatalogs,
        CallRecorder,
        CallMetrics,
        DockingUsage,
        DataKeys,
        FieldRendering,
        CallService,
        CallAuditService,
        CallHandlers,
      ],
    };
  }
}
