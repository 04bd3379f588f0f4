import { DeliverPolicy, jetstream, type ConsumerMessages } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { streamName, type EventEnvelope, type StreamKey } from '@igs/contracts';
import type { AppLogger } from '../logging/logger.token.js';

export interface StreamFollower {
  /** Resolves once every event stored when following began has been handled. */
  caughtUp: Promise<void>;
  isCaughtUp(): boolean;
  stop(): Promise<void>;
}

/**
 * Replays a service's event stream from its start, then follows it live, with an ordered
 * (ephemeral) consumer: for keeping a local copy of small, slowly changing state (which
 * apps are disabled, which grants are revoked). Waits for the stream while it does not exist.
 * `onEvent` gets each subject as the contracts name it, without the deployment's prefix.
 */
export function followStream(
  nc: NatsConnection,
  prefix: string,
  stream: StreamKey,
  onEvent: (subject: string, envelope: EventEnvelope) => void,
  logger: AppLogger,
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

  const unprefixed = prefix === '' ? (subject: string) => subject : (subject: string) => subject.slice(prefix.length + 1);
  const run = async () => {
    const js = jetstream(nc);
    while (!stopped) {
      try {
        const consumer = await js.consumers.get(streamName(prefix, stream), { deliver_policy: DeliverPolicy.All });
        if ((await consumer.info(true)).num_pending === 0) done();
        messages = await consumer.consume();
        for await (const msg of messages) {
          onEvent(unprefixed(msg.subject), msg.json<EventEnvelope>());
          if (msg.info.pending === 0) done();
        }
      } catch (error) {
        if (stopped) return;
        logger.warn({ err: error, stream }, 'waiting for the event stream');
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
