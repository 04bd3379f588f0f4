import { randomBytes } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';

export function testNatsUrl(): string {
  return process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
}

/** A subject prefix of its own for one test file: its subjects and streams touch no one else's. */
export function uniqueSubjectPrefix(): string {
  return `t${randomBytes(5).toString('hex')}`;
}

export function connectTestNats(): Promise<NatsConnection> {
  return connect({ servers: testNatsUrl(), name: 'test' });
}

/** Deletes the streams a test run created under its prefix. */
export async function deleteStreams(nc: NatsConnection, prefix: string): Promise<void> {
  const jsm = await jetstreamManager(nc);
  for await (const name of jsm.streams.names()) {
    if (name.endsWith(`_${prefix}`)) await jsm.streams.delete(name);
  }
}

/** Removes what a test run left on the servers: its streams (by prefix) and its database. */
export async function removeTestRun(prefix: string, db?: { drop(): Promise<void> }): Promise<void> {
  const nc = await connectTestNats();
  try {
    await deleteStreams(nc, prefix);
  } finally {
    await nc.drain();
  }
  await db?.drop();
}
