import { z } from 'zod';
import { shownText } from '../common/text.js';
import { Caller } from './caller.js';

/**
 * A request-reply subject tied to its request and reply schemas, so sending the wrong
 * payload on a subject does not compile, and both sides validate what crosses the wire.
 */
export interface RequestDefinition<Req extends z.ZodType = z.ZodType, Rep extends z.ZodType = z.ZodType> {
  readonly subject: string;
  readonly request: Req;
  readonly reply: Rep;
}

export function defineRequest<Req extends z.ZodType, Rep extends z.ZodType>(definition: RequestDefinition<Req, Rep>): RequestDefinition<Req, Rep> {
  return definition;
}

export type RequestOf<D extends RequestDefinition> = z.output<D['request']>;
export type ReplyOf<D extends RequestDefinition> = z.output<D['reply']>;

/** An event published on JetStream, carried in the shared envelope. */
export interface EventDefinition<Data extends z.ZodType = z.ZodType> {
  readonly subject: string;
  readonly type: string;
  readonly data: Data;
}

export function defineEvent<Data extends z.ZodType>(subject: string, data: Data): EventDefinition<Data> {
  return { subject, type: subject.replace(/^evt\./, ''), data };
}

export const EventEnvelope = z.object({
  id: z.uuid(),
  type: shownText(),
  occurredAt: z.iso.datetime(),
  actor: Caller,
  data: z.unknown(),
});
export type EventEnvelope<D = unknown> = Omit<z.infer<typeof EventEnvelope>, 'data'> & { data: D };

/** What a responder sends back: the reply, or an error with a stable code. */
export const ErrorBody = z.object({
  code: shownText(),
  message: shownText(),
  details: z.unknown().optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export type ReplyEnvelope<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };
