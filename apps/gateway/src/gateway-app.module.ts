import { Module, type DynamicModule } from '@nestjs/common';
import { messagingOptionsFor, MessagingModule, PlatformModule, type AppLogger } from '@igs/platform';
import type { GatewayConfig } from './config.js';
import { Authenticator } from './auth/authenticator.js';
import { RateLimits } from './auth/rate-limits.js';
import { Revocations } from './auth/revocations.js';
import { TokenVerifier } from './auth/token-verifier.js';
import { ForwardingTails } from './forwarding/forwarding-tail.js';
import { RouteForwarder } from './forwarding/route-forwarder.js';
import { GATEWAY_CONFIG } from './gateway.options.js';
import { CatalogImportController } from './exchange/catalog-import.controller.js';
import { ListExportController } from './exchange/list-export.controller.js';
import { ResourceLoadController } from './exchange/resource-load.controller.js';
import { Uploads } from './exchange/upload.js';
import { ProblemsController } from './http/problems.controller.js';
import { OpenApiController, OPENAPI_DOCUMENT } from './openapi/openapi.controller.js';

@Module({})
export class GatewayAppModule {
  static forRoot(config: GatewayConfig, logger: AppLogger, openapi: Record<string, unknown>): DynamicModule {
    return {
      module: GatewayAppModule,
      imports: [PlatformModule.forRoot(logger), MessagingModule.forRoot(messagingOptionsFor('gateway', config))],
      // The routes that only forward are plain Fastify routes (registerForwardedRoutes).
      controllers: [CatalogImportController, ResourceLoadController, ListExportController, OpenApiController, ProblemsController],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: OPENAPI_DOCUMENT, useValue: openapi },
        TokenVerifier,
        Revocations,
        RateLimits,
        Authenticator,
        ForwardingTails,
        RouteForwarder,
        Uploads,
      ],
    };
  }
}
