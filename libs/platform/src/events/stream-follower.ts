import { DeliverPolicy, jetstream, type ConsumerMessages } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { prefixed, streamName, type EventEnvelope, type StreamKey } from '@igs/contracts';
import type { AppLogger } from '../logging/logger.token.js';

export interface StreamFollower {
  /** Resolves once every event stored when following began has been handled. */
  caughtUp: Promise<void>;
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
}

/**
 * Follows a service's event stream with an ordered (ephemeral) consumer: for keeping a local
 * copy of small, slowly changing state (which apps are disabled, which grants are revoked,
 * which docking entries hold). Replays the stream's events first unless told to start now,
 * and waits for the stream while it does not exist. If the consumer has to be made again
 * after it failed, it resumes after the last event handled (a follower from now on must not
 * miss what came meanwhile); the ordered consumer itself resumes across reconnects.
 * `onEvent` gets each subject as the contracts name it, without the deployment's prefix.
 */
export function followStream(
  nc: NatsConnection,
  prefix: string,
  stream: StreamKey,
  onEvent: (subject: string, envelope: EventEnvelope) => void,
  logger: AppLogger,
  { subject, from = 'start' }: FollowOptions = {},
): StreamFollower {
  let stopped = false;
  let caughtUp = false;
  let messages: ConsumerMessages | undefined;
  let markCaughtUp!: () => void;
  const caughtUpPromise = new Promise<void>((resolve) => (markCaughtUp = resolve));
  const done = () => {
    caughtUp = true;
    markCaughtUp();
  };
  /** The stream sequence to go on from: the one asked for, then the one after the last event handled. */
  let nextSequence = typeof from === 'object' && !(from instanceof Date) ? Math.max(1, from.sequence) : undefined;

  const unprefixed = prefix === '' ? (name: string) => name : (name: string) => name.slice(prefix.length + 1);
  const run = async () => {
    const js = jetstream(nc);
    const name = streamName(prefix, stream);
    while (!stopped) {
      try {
        const consumer = await js.consumers.get(name, { ...startingPoint(from, nextSequence), ...(subject ? { filter_subjects: prefixed(prefix, subject) } : {}) });
        const info = await consumer.info(true);
        nextSequence ??= info.delivered.stream_seq + 1;
        if (info.num_pending === 0) done();
        messages = await consumer.consume();
        for await (const msg of messages) {
          nextSequence = msg.seq + 1;
          onEvent(unprefixed(msg.subject), msg.json<EventEnvelope>());
          if (msg.info.pending === 0) done();
        }
      } catch (error) {
        if (stopped) return;
        logger.warn({ err: error, stream, subject }, 'waiting for the event stream');
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  };
  void run();
  return {
    caughtUp: caughtUpPromise,
    isCaughtUp: () => caughtUp,
    async stop() {
      stopped = true;
      await messages?.close();
    },
  };
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
