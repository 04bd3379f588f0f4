import { DeliverPolicy, jetstream, type Consumer, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { prefixed, streamName, type StreamKey } from '@igs/contracts';
import type { AppLogger } from '../logging/logger.token.js';
import { SpanKind, context, trace } from '@opentelemetry/api';
import { RateLimitedLog } from '../logging/rate-limited-log.js';
import { extractTraceContext } from '../telemetry/nats-propagation.js';
import { reportFollower } from './follower-metrics.js';
import { positionWatch } from './stream-position-watch.js';

export interface StreamFollower {
  /** Resolves once every event stored when following began has been handled. */
  caughtUp: Promise<void>;
  /**
   * Caught up, and known to be current: false while NATS is disconnected, and from the moment
   * the follower is found behind the stream without progress until it has caught up again.
   */
  isCaughtUp(): boolean;
  stop(): Promise<void>;
}

export interface FollowOptions {
  /** Only the events on this subject, as the contracts name it (wildcards allowed); every event of the stream by default. */
  subject?: string;
  /**
   * `start` (the default) replays what the stream holds, then follows it; `now` hears only
   * what is published from now on, for state that starts empty (a cache to evict from); a
   * time replays what was published since then, for state that matters only so long; a
   * sequence follows on from a copy read from the database (see readStreamPosition).
   */
  from?: 'start' | 'now' | Date | { sequence: number };
  /** How often the follower compares its position with the stream's (default 200 ms). */
  checkIntervalMs?: number;
  /**
   * How long it may be behind the stream without progress before its consumer is made again
   * (default 400 ms): found behind at one check and still there two checks later, so an event
   * the consumer lost is heard within a second, with room for making the consumer again. A
   * consumer made again needlessly costs only that: it resumes after the last event handled.
   */
  stallMs?: number;
}

/** How long a JetStream API call of a follower may take: a dead server must not hold it for nats.js's 5 s. */
const apiTimeoutMs = 2_000;
const retryMs = 250;
/** An ordered consumer nobody reads any more (its follower made another) is removed by the server after this. */
const abandonedAfterMs = 60_000;
const renewed = Symbol('renewed');
const tracer = trace.getTracer('@igs/platform/events');

/**
 * Follows a service's event stream with an ordered (ephemeral) consumer: for keeping a local
 * copy of small, slowly changing state (which apps are disabled, which grants are revoked,
 * which docking entries hold). Replays the stream's events first unless told to start now,
 * and waits for the stream while it does not exist. Whenever the consumer is made again it
 * resumes after the last event handled (a follower from now on must not miss what came
 * meanwhile).
 *
 * The consumer is made again on every reconnect, rather than trusting nats.js 3.4 to recreate
 * it: after a nats-server restart its recreated consumer delivered a few seconds of events,
 * then nothing until two idle heartbeats (15 s each) were missed, while authorisation ran on
 * the stale copy. And a watch compares the last event handled with the stream's last event
 * for the subject several times a second (stream-position-watch.ts): a follower behind the
 * stream without progress is not current, and its consumer is made again.
 * `onEvent` gets each subject as the contracts name it, without the deployment's prefix, and
 * the event as sent, decoded from JSON (undefined when it is not JSON) but not parsed: services
 * follow with followEvents, which parses each event against its definition.
 */
export function followStream(
  nc: NatsConnection,
  prefix: string,
  stream: StreamKey,
  onEvent: (subject: string, received: unknown) => void,
  logger: AppLogger,
  { subject, from = 'start', checkIntervalMs = 200, stallMs = 400 }: FollowOptions = {},
): StreamFollower {
  const name = streamName(prefix, stream);
  const filter = subject ? prefixed(prefix, subject) : undefined;
  const log = new RateLimitedLog(logger, 30_000);
  let stopped = false;
  let caughtUp = false;
  let active: { consumer: Consumer; messages: ConsumerMessages } | undefined;
  /** Ends the wait of the loop below (for a consumer, or before the next attempt) at once. */
  let interrupt: (() => void) | undefined;
  let markCaughtUp!: () => void;
  const caughtUpPromise = new Promise<void>((resolve) => (markCaughtUp = resolve));
  const done = () => {
    caughtUp = true;
    markCaughtUp();
  };
  /** The stream sequence to go on from: the one asked for, then the one after the last event handled. */
  let nextSequence = typeof from === 'object' && !(from instanceof Date) ? Math.max(1, from.sequence) : undefined;

  /** Drops the consumer; the loop below makes a new one at once, after the last event handled. */
  const renew = () => {
    const current = active;
    active = undefined;
    if (current) {
      void current.messages.close();
      void current.consumer.delete().catch(() => undefined);
    }
    interrupt?.();
  };
  const unlessRenewed = <T>(work: Promise<T>): Promise<T | typeof renewed> =>
    new Promise((resolve, reject) => {
      interrupt = () => resolve(renewed);
      work.then(resolve, reject);
    });
  const watch = positionWatch({
    nc,
    stream: name,
    filter,
    handled: () => (nextSequence === undefined ? undefined : nextSequence - 1),
    checkIntervalMs,
    stallMs,
    onStall: (handled, last) => {
      log.warn(
        `stall ${name} ${filter ?? ''}`,
        { stream: name, subject: filter, handled, last },
        'event follower was behind its stream without progress; its consumer is made again',
      );
      renew();
    },
    onReconnect: renew,
  });
  const unreport = reportFollower({ stream: streamName('', stream), lag: () => watch.lag(), current: () => caughtUp && watch.isCurrent() });

  const unprefixed = prefix === '' ? (subjectName: string) => subjectName : (subjectName: string) => subjectName.slice(prefix.length + 1);
  const run = async () => {
    const js = jetstream(nc, { timeout: apiTimeoutMs });
    while (!stopped) {
      try {
        const making = js.consumers.get(name, {
          ...startingPoint(from, nextSequence),
          ...(filter ? { filter_subjects: filter } : {}),
          inactive_threshold: abandonedAfterMs,
        });
        const consumer = await unlessRenewed(making);
        if (consumer === renewed) {
          // Made for a connection that has since been lost, or too late: nobody will read it.
          making
            .then(
              (late) => late.delete(),
              () => undefined,
            )
            .catch(() => undefined);
          continue;
        }
        const info = await consumer.info(true);
        nextSequence ??= info.delivered.stream_seq + 1;
        if (info.num_pending === 0) done();
        const messages = await consumer.consume();
        active = { consumer, messages };
        if (stopped) renew();
        for await (const msg of messages) {
          nextSequence = msg.seq + 1;
          applyInTrace(msg, unprefixed(msg.subject), onEvent);
          if (msg.info.pending === 0) {
            done();
            watch.caughtUp();
          }
        }
      } catch (error) {
        if (stopped) return;
        log.warn(`wait ${name} ${filter ?? ''}`, { err: error, stream, subject }, 'waiting for the event stream');
        await unlessRenewed(new Promise((resolve) => setTimeout(resolve, retryMs).unref()));
      }
    }
  };
  void run();
  return {
    caughtUp: caughtUpPromise,
    isCaughtUp: () => caughtUp && watch.isCurrent(),
    async stop() {
      stopped = true;
      watch.stop();
      unreport();
      const current = active;
      active = undefined;
      interrupt?.();
      await current?.messages.close();
    },
  };
}

/**
 * Applies an event inside the trace that produced it: the outbox stored the writer's
 * traceparent with the event and the relay sent it as a header, so the follower's CONSUMER
 * span (and whatever the handler does) continues that trace, even when replayed later.
 */
function applyInTrace(msg: JsMsg, subject: string, onEvent: (subject: string, received: unknown) => void): void {
  const parent = extractTraceContext(msg.headers);
  const span = tracer.startSpan(
    `apply ${subject}`,
    { kind: SpanKind.CONSUMER, attributes: { 'messaging.system': 'nats', 'messaging.destination.name': subject, 'messaging.operation.type': 'process' } },
    parent,
  );
  try {
    context.with(trace.setSpan(parent, span), () => onEvent(subject, decoded(msg)));
  } finally {
    span.end();
  }
}

/** The event as sent; undefined when it is not JSON, which whoever parses it refuses. */
function decoded(msg: JsMsg): unknown {
  try {
    return msg.json<unknown>();
  } catch {
    return undefined;
  }
}

/** Where a consumer starts: after the last event handled once there is one, else where it was asked to. */
function startingPoint(from: FollowOptions['from'], nextSequence: number | undefined) {
  if (nextSequence !== undefined) return { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: nextSequence };
  if (from instanceof Date) return { deliver_policy: DeliverPolicy.StartTime, opt_start_time: from.toISOString() };
  return { deliver_policy: from === 'now' ? DeliverPolicy.New : DeliverPolicy.All };
}

/** Several followers as one: caught up when every one is, stopped together. */
export function allFollowers(followers: StreamFollower[]): StreamFollower {
  return {
    caughtUp: Promise.all(followers.map((follower) => follower.caughtUp)).then(() => undefined),
    isCaughtUp: () => followers.every((follower) => follower.isCaughtUp()),
    stop: async () => {
      await Promise.all(followers.map((follower) => follower.stop()));
    },
  };
}
