import { jetstreamManager, StorageType, type StreamConfig } from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import { streamName, streamSubjects, type StreamKey } from '@igs/contracts';

/** De-duplication window for `Nats-Msg-Id`: longer than any outbox retry after a crash. */
const duplicateWindowMs = 10 * 60 * 1000;

/** Creates the stream if it is missing, or brings its subjects up to date. */
export async function ensureStream(nc: NatsConnection, prefix: string, stream: StreamKey): Promise<string> {
  const jsm = await jetstreamManager(nc);
  const name = streamName(prefix, stream);
  const config: Partial<StreamConfig> & { name: string } = {
    name,
    subjects: streamSubjects(prefix, stream),
    storage: StorageType.File,
    duplicate_window: nanos(duplicateWindowMs),
  };
  const existing = await jsm.streams.info(name).catch(() => undefined);
  if (!existing) await jsm.streams.add(config);
  else if (existing.config.subjects?.join() !== config.subjects?.join()) await jsm.streams.update(name, config);
  return name;
}
