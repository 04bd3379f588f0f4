import { Global, Module } from '@nestjs/common';
import { HealthController } from './health.controller.js';
import { HealthRegistry } from './health.registry.js';
import { HealthServer } from './health-server.js';

@Global()
@Module({ controllers: [HealthController], providers: [HealthRegistry, HealthServer], exports: [HealthRegistry, HealthServer] })
export class HealthModule {}
