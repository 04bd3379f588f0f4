import { jetstream, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { streamName, type EventEnvelope, type StreamKey } from '@igs/contracts';

/** Every event currently in a stream, in order, read with an ordered (ephemeral) consumer. */
export async function readStream(nc: NatsConnection, prefix: string, stream: StreamKey): Promise<{ subject: string; envelope: EventEnvelope; msg: JsMsg }[]> {
  const js = jetstream(nc);
  const consumer = await js.consumers.get(streamName(prefix, stream));
  const info = await consumer.info();
  const pending = info.num_pending;
  const events: { subject: string; envelope: EventEnvelope; msg: JsMsg }[] = [];
  if (pending === 0) return events;
  const messages = await consumer.fetch({ max_messages: pending, expires: 2000 });
  for await (const msg of messages) {
    events.push({ subject: msg.subject, envelope: msg.json<EventEnvelope>(), msg });
    if (events.length === pending) break;
  }
  return events;
}

/** Polls until `check` passes or the time is up; for effects that land asynchronously. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 5000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
