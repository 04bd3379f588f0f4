import { DiscardPolicy, jetstreamManager, StorageType, type StreamConfig, type StreamInfo } from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import { prefixed, streamMaxBytesVariable, streamName, streams, streamSubjects, type StreamDefinition, type StreamKey } from '@igs/contracts';
import { defaultStreamSettings, type StreamSettings } from './stream-settings.js';

/** De-duplication window for `Nats-Msg-Id`: longer than any outbox retry after a crash. */
const duplicateWindowMs = 10 * 60 * 1000;

type WantedConfig = Pick<StreamConfig, 'name' | 'subjects' | 'storage' | 'duplicate_window' | 'num_replicas' | 'max_age' | 'max_bytes' | 'discard'>;

/** The configuration a stream should have: its subjects and retention from the contracts, its replicas and size from the deployment. */
export function streamConfig(prefix: string, stream: StreamKey, settings: StreamSettings = defaultStreamSettings): WantedConfig {
  const { retention }: StreamDefinition = streams[stream];
  return {
    name: streamName(prefix, stream),
    subjects: streamSubjects(prefix, stream),
    storage: StorageType.File,
    duplicate_window: nanos(duplicateWindowMs),
    num_replicas: settings.replicas,
    max_age: retention.maxAgeMs === undefined ? 0 : nanos(retention.maxAgeMs),
    max_bytes: settings.maxBytes[stream] ?? retention.maxBytes,
    discard: retention.whenFull === 'refuse-new' ? DiscardPolicy.New : DiscardPolicy.Old,
  };
}

/**
 * Creates the stream if it is missing, or brings its subjects, replicas and limits up to date.
 * On a running cluster the update takes effect at once: more replicas are copied to other
 * nodes in the background, a lowered age or size limit removes the oldest events beyond it.
 * A stream kept whole for the copies replayed from its start is therefore never lowered below
 * what it holds: that would drop events a copy needs, so the start fails and says so.
 * Events on subjects the stream no longer captures (moved to a stream of their own) are purged.
 */
export async function ensureStream(nc: NatsConnection, prefix: string, stream: StreamKey, settings: StreamSettings = defaultStreamSettings): Promise<string> {
  const jsm = await jetstreamManager(nc);
  const config = streamConfig(prefix, stream, settings);
  const existing = await jsm.streams.info(config.name).catch(() => undefined);
  if (!existing) await jsm.streams.add(config);
  else if (differs(existing, config)) {
    if (config.discard === DiscardPolicy.New && config.max_bytes < existing.state.bytes) {
      throw new Error(
        `stream ${config.name} holds ${existing.state.bytes} bytes, more than its limit of ${config.max_bytes}: lowering it would drop the oldest events ` +
          `that copies replay from the stream's start; set ${streamMaxBytesVariable(stream)} above what it holds`,
      );
    }
    await jsm.streams.update(config.name, config);
  }
  const definition: StreamDefinition = streams[stream];
  for (const subject of definition.formerSubjects ?? []) {
    await jsm.streams.purge(config.name, { filter: prefixed(prefix, subject) });
  }
  return config.name;
}

function differs({ config: current }: StreamInfo, wanted: WantedConfig): boolean {
  return (
    current.subjects?.join() !== wanted.subjects.join() ||
    current.num_replicas !== wanted.num_replicas ||
    current.max_age !== wanted.max_age ||
    current.max_bytes !== wanted.max_bytes ||
    current.discard !== wanted.discard ||
    current.duplicate_window !== wanted.duplicate_window
  );
}
