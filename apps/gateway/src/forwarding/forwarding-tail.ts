import { Injectable } from '@nestjs/common';
import type { ReplyOf, RequestDefinition } from '@igs/contracts';
import { MessageBus, type SendOptions } from '@igs/platform';
import { context } from '@opentelemetry/api';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { callerOf } from '../auth/authentication.hook.js';
import { traceContextOf } from '../http/request-tracing.js';

/** How long one forwarded request may wait for its service; the request id is always the HTTP request's. */
export type TailOptions = Omit<SendOptions, 'requestId'>;

/** One HTTP request's way to the services: each message it sends carries its caller, its trace and its id. */
export interface ForwardingTail {
  send<D extends RequestDefinition>(definition: D, payload: z.input<D['request']>, options?: TailOptions): Promise<ReplyOf<D>>;
}

/**
 * What every forwarded request ends with, whether one route's message (RouteForwarder) or the many
 * batches or pages of an upload or an export: the controllers hold only what is special to them.
 */
@Injectable()
export class ForwardingTails {
  constructor(private readonly bus: MessageBus) {}

  /**
   * The tail of an authenticated request. Its caller is read here, before anything else, so a
   * route that declares no access fails before its body is read or a message is sent.
   */
  of(request: FastifyRequest): ForwardingTail {
    const caller = callerOf(request);
    return {
      send: (definition, payload, options = {}) =>
        context.with(traceContextOf(request), () => this.bus.request(definition, payload, caller, { ...options, requestId: request.id })),
    };
  }
}
