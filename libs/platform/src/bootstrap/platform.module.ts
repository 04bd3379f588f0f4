import { Global, Module, type DynamicModule } from '@nestjs/common';
import { HealthModule } from '../health/health.module.js';
import { LOGGER, type AppLogger } from '../logging/logger.token.js';

/** What every app has: its logger and its health endpoints. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(logger: AppLogger): DynamicModule {
    return {
      module: PlatformModule,
      imports: [HealthModule],
      providers: [{ provide: LOGGER, useValue: logger }],
      exports: [LOGGER],
    };
  }
}
