import { Inject, Injectable } from '@nestjs/common';
import { SpanKind, SpanStatusCode, context, trace, type Span } from '@opentelemetry/api';
import {
  anonymousCaller,
  messageHeaders,
  prefixed,
  type Caller,
  type EventDefinition,
  type EventEnvelope,
  type ReplyEnvelope,
  type ReplyOf,
  type RequestDefinition,
  type RequestOf,
} from '@igs/contracts';
import {
  headers as natsHeaders,
  InvalidArgumentError,
  NoRespondersError,
  TimeoutError,
  type Msg,
  type MsgHdrs,
  type Subscription,
} from '@nats-io/transport-node';
import type { z } from 'zod';
import { AppError, RemoteError } from '../errors/app-error.js';
import { streamOfEvent } from '../events/event-refusals.js';
import { eventDispatcher, onEvent } from '../events/follow-events.js';
import { databaseRetryAfterSeconds, isDatabaseUnavailable } from '../errors/database-errors.js';
import { fieldErrorsOf } from '../errors/zod-errors.js';
import { LOGGER, type AppLogger } from '../logging/logger.token.js';
import { RateLimitedLog } from '../logging/rate-limited-log.js';
import { extractTraceContext, injectTraceContext } from '../telemetry/nats-propagation.js';
import { deadlineFor, isPastDeadline, readDeadline } from './deadline.js';
import { decodeJson, encodeJson, readCaller, writeCaller } from './message-codec.js';
import { MESSAGING_OPTIONS, NATS_CONNECTION, type MessagingOptions } from './messaging.options.js';
import { errorTypeOf, MessagingMetrics } from './messaging-metrics.js';
import type { NatsLink } from './nats-connection.js';
import type { RequestContext } from './request-context.js';

export type RequestHandler<D extends RequestDefinition> = (request: RequestOf<D>, ctx: RequestContext) => Promise<z.input<D['reply']>> | z.input<D['reply']>;

export interface SendOptions {
  requestId?: string;
  timeoutMs?: number;
}

const tracer = trace.getTracer('@igs/platform/messaging');

/** What a caller is told to wait while this app's NATS connection is down (it reconnects every 500 ms). */
const busRetryAfterSeconds = 1;

/**
 * Request-reply over core NATS, with the caller and the trace context in headers and
 * both payloads validated against the subject's definition.
 */
@Injectable()
export class MessageBus {
  private readonly subscriptions: Subscription[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  /** Failures that come in floods (a dependency down): once per kind and interval, with a count. */
  private readonly failures: RateLimitedLog;
  private readonly metrics = new MessagingMetrics();

  constructor(
    @Inject(NATS_CONNECTION) private readonly link: NatsLink,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {
    this.failures = new RateLimitedLog(logger);
  }

  /**
   * Sends a request and returns the validated reply, or throws RemoteError with the
   * responder's code. The request carries its deadline (a little before the timeout), so a responder
   * reached late drops it instead of doing work nobody waits for. While the connection is
   * down it fails at once (503, retry in a second) rather than hold the caller for the timeout.
   */
  async request<D extends RequestDefinition>(definition: D, payload: z.input<D['request']>, caller: Caller, options: SendOptions = {}): Promise<ReplyOf<D>> {
    const subject = prefixed(this.options.subjectPrefix, definition.subject);
    const startMs = performance.now();
    return tracer.startActiveSpan(`send ${definition.subject}`, { kind: SpanKind.CLIENT, attributes: messagingAttributes(subject, 'send') }, async (span) => {
      // The transport's own failure (no responders, timeout) before it becomes a RemoteError.
      let errorType: string | undefined;
      try {
        if (!this.link.isConnected()) {
          throw new AppError('PLATFORM.SERVICE_UNAVAILABLE', `the message bus is not connected; ${definition.subject} cannot be reached`, {
            retryAfterSeconds: busRetryAfterSeconds,
          });
        }
        const timeoutMs = options.timeoutMs ?? this.options.requestTimeoutMs;
        const headers = natsHeaders();
        injectTraceContext(headers);
        const signing = this.writeCaller(headers, caller);
        if (signing) await signing;
        headers.set(messageHeaders.deadline, String(deadlineFor(Date.now(), timeoutMs)));
        if (options.requestId) headers.set(messageHeaders.requestId, options.requestId);
        const reply = await this.link.requests.request(subject, encodeJson(payload), timeoutMs, headers).catch((error: unknown) => {
          const failure = transportError(error, definition.subject);
          errorType = errorTypeOf(error, failure.code);
          throw failure;
        });
        const answer = this.readReply(definition, reply);
        this.metrics.requestSent(definition.subject, startMs);
        return answer;
      } catch (error) {
        this.metrics.requestSent(definition.subject, startMs, errorType ?? errorTypeOf(error));
        recordError(span, error);
        throw error;
      } finally {
        span.end();
      }
    });
  }

  /** Answers requests on a subject in this app's queue group, so replicas share the load. */
  serve<D extends RequestDefinition>(definition: D, handler: RequestHandler<D>): void {
    const subject = prefixed(this.options.subjectPrefix, definition.subject);
    const subscription = this.link.nc.subscribe(subject, {
      queue: this.options.app,
      callback: (error, msg) => {
        if (error) {
          this.logger.error({ err: error, subject }, 'subscription failed');
          return;
        }
        const work = this.handle(definition, handler, msg);
        this.inFlight.add(work);
        void work.finally(() => this.inFlight.delete(work));
      },
    });
    this.subscriptions.push(subscription);
  }

  /**
   * Hears every message on a subject in every replica (no queue group, nothing durable):
   * for keeping local copies fresh, never for work that must happen exactly once.
   */
  broadcast<D extends z.ZodType>(event: EventDefinition<D>, apply: (data: z.output<D>, envelope: EventEnvelope<z.output<D>>) => void): void {
    const { subject } = event;
    // Parsed like a followed event, and refused and counted alike when it does not parse.
    const dispatch = eventDispatcher([onEvent(event, apply)], this.logger);
    const stream = streamOfEvent(subject);
    const subscription = this.link.nc.subscribe(prefixed(this.options.subjectPrefix, subject), {
      callback: (error, msg) => {
        if (error) return this.logger.error({ err: error, subject }, 'broadcast subscription failed');
        try {
          dispatch(subject, stream, decodedOrUndefined(msg.data));
        } catch (cause) {
          this.logger.warn({ err: cause, subject: msg.subject }, 'broadcast message ignored');
        }
      },
    });
    this.subscriptions.push(subscription);
  }

  /** Stops taking requests, then waits for the ones being handled to be answered. */
  async stopServing(): Promise<void> {
    await Promise.allSettled(this.subscriptions.map((s) => s.drain()));
    this.subscriptions.length = 0;
    await Promise.allSettled([...this.inFlight]);
  }

  private async handle<D extends RequestDefinition>(definition: D, handler: RequestHandler<D>, msg: Msg): Promise<void> {
    const deadline = readDeadline(msg.headers);
    const now = Date.now();
    if (isPastDeadline(deadline, now)) {
      // Its sender has answered its own caller already (504): doing it now would be work
      // nobody hears of, and a retry of it would do it twice. No reply, nobody listens.
      this.failures.warn(
        `late ${definition.subject}`,
        { subject: definition.subject, lateMs: now - (deadline ?? now) },
        'request dropped: its deadline had passed when it arrived',
      );
      return;
    }
    const startMs = performance.now();
    const parent = extractTraceContext(msg.headers);
    await context.with(parent, () =>
      tracer.startActiveSpan(
        `process ${definition.subject}`,
        { kind: SpanKind.SERVER, attributes: messagingAttributes(msg.subject, 'process') },
        async (span) => {
          let envelope: ReplyEnvelope<unknown>;
          try {
            const known = this.readCaller(msg.headers);
            const caller = known instanceof Promise ? await known : known;
            const parsed = definition.request.safeParse(decodeJson(msg.data));
            if (!parsed.success) throw AppError.validation(fieldErrorsOf(parsed.error, 'message'));
            const requestId = msg.headers?.has(messageHeaders.requestId) ? msg.headers.get(messageHeaders.requestId) : undefined;
            const data = await handler(parsed.data as RequestOf<D>, { caller, requestId, deadline });
            envelope = { ok: true, data };
          } catch (error) {
            envelope = { ok: false, error: this.toErrorBody(error, definition.subject) };
            if (envelope.error.code === 'PLATFORM.INTERNAL') recordError(span, error);
            else span.setAttribute('igs.error.code', envelope.error.code);
          } finally {
            span.end();
          }
          this.metrics.requestHandled(definition.subject, startMs, envelope.ok ? undefined : envelope.error.code);
          if (msg.reply) {
            await this.link.publisher
              .publish(msg.reply, encodeJson(envelope))
              .catch((error: unknown) => this.failures.warn(`reply ${definition.subject}`, { err: error, subject: msg.subject }, 'reply not sent'));
          }
        },
      ),
    );
  }

  /**
   * A signed assertion where the app has a key (a closed bus), else the caller as JSON (an
   * open development bus). Waits only when the caller is not signed yet: the hot path, a
   * caller seen before, stays synchronous.
   */
  private writeCaller(headers: MsgHdrs, caller: Caller): Promise<void> | undefined {
    const signer = this.options.security?.signer;
    if (!signer) {
      writeCaller(headers, caller);
      return undefined;
    }
    if (caller.type === 'anonymous') return undefined;
    const signed = signer.cached(caller);
    if (signed) {
      headers.set(messageHeaders.caller, signed);
      return undefined;
    }
    return signer.sign(caller).then((header) => headers.set(messageHeaders.caller, header));
  }

  /** Where callers are verified, an unsigned or forged caller is refused before any handler runs. */
  private readCaller(headers: MsgHdrs | undefined): Caller | Promise<Caller> {
    const verifier = this.options.security?.verifier;
    if (!verifier) return readCaller(headers);
    const header = headers?.has(messageHeaders.caller) ? headers.get(messageHeaders.caller) : undefined;
    if (!header) return anonymousCaller;
    return verifier.cached(header) ?? verifier.verify(header);
  }

  private readReply<D extends RequestDefinition>(definition: D, msg: Msg): ReplyOf<D> {
    const envelope = decodeJson(msg.data) as ReplyEnvelope<unknown>;
    if (!envelope.ok) throw RemoteError.fromBody(envelope.error);
    const parsed = definition.reply.safeParse(envelope.data);
    if (!parsed.success) {
      this.logger.error({ subject: definition.subject, issues: parsed.error.issues }, 'reply does not match its contract');
      throw new RemoteError('PLATFORM.INTERNAL', `the reply on ${definition.subject} does not match its contract`);
    }
    return parsed.data as ReplyOf<D>;
  }

  private toErrorBody(error: unknown, subject: string) {
    if (error instanceof AppError) return error.toBody();
    if (error instanceof RemoteError) return { code: error.code, message: error.message, details: error.details };
    if (isDatabaseUnavailable(error)) {
      this.failures.error(`database ${subject}`, { err: error, subject }, 'request failed: the database is not available');
      return {
        code: 'PLATFORM.DATABASE_UNAVAILABLE',
        message: 'the database is not available; try again',
        details: { retryAfterSeconds: databaseRetryAfterSeconds },
      };
    }
    this.failures.error(`internal ${subject}`, { err: error, subject }, 'request handler failed');
    return { code: 'PLATFORM.INTERNAL', message: 'internal error' };
  }
}

/** A message as sent; undefined when it is not JSON, which the event's parse then refuses. */
function decodedOrUndefined(data: Uint8Array): unknown {
  try {
    return decodeJson(data);
  } catch {
    return undefined;
  }
}

function transportError(error: unknown, subject: string): RemoteError {
  if (error instanceof NoRespondersError) return new RemoteError('PLATFORM.SERVICE_UNAVAILABLE', `no service is answering ${subject}`);
  if (error instanceof TimeoutError) {
    return new RemoteError('PLATFORM.UPSTREAM_TIMEOUT', `the service did not answer ${subject} in time`);
  }
  // A message over the server's max_payload is the request's fault, not the service's:
  // nats.js refuses it before sending, with an InvalidArgumentError naming the limit.
  if (error instanceof InvalidArgumentError && /max_payload/.test(error.message)) {
    return new RemoteError('PLATFORM.PAYLOAD_TOO_LARGE', 'the request is larger than the platform forwards');
  }
  return new RemoteError('PLATFORM.SERVICE_UNAVAILABLE', `messaging failed for ${subject}: ${(error as Error).message}`);
}

function messagingAttributes(subject: string, operation: string) {
  return { 'messaging.system': 'nats', 'messaging.destination.name': subject, 'messaging.operation.type': operation };
}

function recordError(span: Span, error: unknown): void {
  if (error instanceof Error) span.recordException(error);
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}
