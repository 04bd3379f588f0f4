import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { RequestDefinition } from '@igs/contracts';
import { HealthRegistry } from '../health/health.registry.js';
import { LOGGER, type AppLogger } from '../logging/logger.token.js';
import { HANDLE_REQUEST } from './handle-request.decorator.js';
import { MessageBus, type RequestHandler } from './message-bus.js';

/** The readiness check that is up once the app's request handlers are subscribed. */
export const servingRequestsCheck = 'requests';
const readinessPollMs = 50;

/**
 * Subscribes every `@HandleRequest` method once the app is wired and everything else it
 * needs is ready, and drains them on shutdown.
 *
 * Requests reach a service's replicas through a NATS queue group, which knows nothing of
 * Kubernetes readiness: a replica that subscribed at once would take its share of requests
 * while it is still catching up (an exchange rebuilding its authorisation copy) only to
 * refuse them, though ready replicas could have answered. So a replica subscribes only
 * when its other readiness checks are up; until some replica does, callers are told no
 * service is answering. Its own readiness includes being subscribed, so anything that
 * waits for /health/ready may send at once.
 */
@Injectable()
export class RequestHandlerRegistrar implements OnApplicationBootstrap, OnApplicationShutdown {
  private serving = false;
  private stopped = false;
  private starting?: Promise<void>;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly bus: MessageBus,
    private readonly health: HealthRegistry,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {
    health.register(servingRequestsCheck, () => this.serving);
  }

  onApplicationBootstrap(): void {
    const handlers = this.discoverHandlers();
    this.starting = this.serveOnceReady(handlers).catch((error: unknown) => this.logger.error({ err: error }, 'request handlers not subscribed'));
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.starting;
    await this.bus.stopServing();
  }

  private discoverHandlers(): [RequestDefinition, RequestHandler<RequestDefinition>][] {
    const handlers: [RequestDefinition, RequestHandler<RequestDefinition>][] = [];
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
        handlers.push([definition, (instance[method] as RequestHandler<RequestDefinition>).bind(instance)]);
      }
    }
    return handlers;
  }

  private async serveOnceReady(handlers: [RequestDefinition, RequestHandler<RequestDefinition>][]): Promise<void> {
    let waiting: string[] = [];
    while (!this.stopped) {
      const { checks } = await this.health.report();
      const down = Object.entries(checks)
        .filter(([name, state]) => name !== servingRequestsCheck && state !== 'up')
        .map(([name]) => name);
      if (down.length === 0) {
        for (const [definition, handler] of handlers) this.bus.serve(definition, handler);
        this.serving = true;
        this.logger.info({ subjects: handlers.map(([definition]) => definition.subject) }, 'serving requests');
        return;
      }
      if (down.join() !== waiting.join()) this.logger.info({ waitingFor: down }, 'requests are taken once these are ready');
      waiting = down;
      await new Promise((resolve) => setTimeout(resolve, readinessPollMs));
    }
  }
}
