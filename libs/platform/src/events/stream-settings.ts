import { streamMaxBytesVariable, streams, type StreamKey } from '@igs/contracts';
import { z } from 'zod';

/** How a deployment runs the streams an app owns: what the contracts leave to the operator. */
export interface StreamSettings {
  /** Copies of each stream the JetStream cluster keeps (`STREAM_REPLICAS`): 3 on a three-node cluster. */
  replicas: number;
  /** Size limits that replace the contracts' (`STREAM_<name>_MAX_BYTES`). */
  maxBytes: Partial<Record<StreamKey, number>>;
}

export const defaultStreamSettings: StreamSettings = { replicas: 1, maxBytes: {} };

const streamKeys = Object.keys(streams) as StreamKey[];
const byteLimit = z.coerce
  .number()
  .int()
  .min(1024 * 1024, 'must be at least 1048576 (1 MiB)')
  .optional();

/** The variables of the streams' settings; every app reads them (part of platformEnv). */
export const streamEnv = z.object({
  /** A stream's replicas must not exceed the JetStream cluster's nodes; NATS allows at most 5. */
  STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
  ...(Object.fromEntries(streamKeys.map((key) => [streamMaxBytesVariable(key), byteLimit])) as Record<string, typeof byteLimit>),
});
export type StreamEnv = z.output<typeof streamEnv>;

export function streamSettingsFrom(env: StreamEnv): StreamSettings {
  const maxBytes: Partial<Record<StreamKey, number>> = {};
  for (const key of streamKeys) {
    const value = (env as Record<string, unknown>)[streamMaxBytesVariable(key)];
    if (typeof value === 'number') maxBytes[key] = value;
  }
  return { replicas: env.STREAM_REPLICAS, maxBytes };
}
