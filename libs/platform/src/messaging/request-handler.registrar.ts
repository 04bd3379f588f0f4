import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { RequestDefinition } from '@igs/contracts';
import { LOGGER, type AppLogger } from '../logging/logger.token.js';
import { HANDLE_REQUEST } from './handle-request.decorator.js';
import { MessageBus, type RequestHandler } from './message-bus.js';

/** Subscribes every `@HandleRequest` method once the app is wired, and drains them on shutdown. */
@Injectable()
export class RequestHandlerRegistrar implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly bus: MessageBus,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {}

  onApplicationBootstrap(): void {
    const subjects = new Set<string>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const definition = this.reflector.get<RequestDefinition | undefined>(HANDLE_REQUEST, instance[method] as () => unknown);
        if (!definition) continue;
        if (subjects.has(definition.subject)) throw new Error(`two handlers for ${definition.subject}`);
        subjects.add(definition.subject);
        const handler = (instance[method] as RequestHandler<RequestDefinition>).bind(instance);
        this.bus.serve(definition, handler);
      }
    }
    this.logger.info({ subjects: [...subjects] }, 'serving requests');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.bus.stopServing();
  }
}
