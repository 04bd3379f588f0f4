import { EventEnvelope, streamName, type EventDefinition, type StreamKey } from '@igs/contracts';
import type { NatsConnection } from '@nats-io/transport-node';
import type { z } from 'zod';
import { fieldErrorsOf } from '../errors/zod-errors.js';
import type { AppLogger } from '../logging/logger.token.js';
import { EventRefusals } from './event-refusals.js';
import { followStream, type FollowOptions, type StreamFollower } from './stream-follower.js';

/** What to do with one event of the contracts: its data and envelope arrive parsed against its definition. */
export interface EventHandler<D extends z.ZodType = z.ZodType> {
  readonly event: EventDefinition<D>;
  readonly envelope: z.ZodType<EventEnvelope<z.output<D>>>;
  // A method, so that handlers of different events make one list.
  apply(data: z.output<D>, envelope: EventEnvelope<z.output<D>>): void;
}

export function onEvent<D extends z.ZodType>(
  event: EventDefinition<D>,
  apply: (data: z.output<D>, envelope: EventEnvelope<z.output<D>>) => void,
): EventHandler<D> {
  return { event, envelope: EventEnvelope.extend({ data: event.data }) as unknown as z.ZodType<EventEnvelope<z.output<D>>>, apply };
}

/**
 * Hands an event to its handler once its envelope and data parse, or refuses it (see
 * EventRefusals). Events no handler names (others of a followed group) are passed over.
 */
export function eventDispatcher(handlers: readonly EventHandler[], logger: AppLogger): (subject: string, stream: string, received: unknown) => void {
  const bySubject = new Map(handlers.map((handler) => [handler.event.subject, handler]));
  const refusals = new EventRefusals(logger);
  return (subject, stream, received) => {
    const handler = bySubject.get(subject);
    if (!handler) return;
    const parsed = handler.envelope.safeParse(received);
    if (!parsed.success) return refusals.refuse(subject, stream, { errors: fieldErrorsOf(parsed.error, 'message') });
    handler.apply(parsed.data.data, parsed.data);
  };
}

/**
 * Follows a stream (see followStream) for the events `handlers` name, each parsed against its
 * definition before it is applied: a service's copy never holds data its contract refuses.
 */
export function followEvents(
  nc: NatsConnection,
  prefix: string,
  stream: StreamKey,
  handlers: readonly EventHandler[],
  logger: AppLogger,
  options?: FollowOptions,
): StreamFollower {
  const dispatch = eventDispatcher(handlers, logger);
  const name = streamName('', stream);
  return followStream(nc, prefix, stream, (subject, envelope) => dispatch(subject, name, envelope), logger, options);
}
