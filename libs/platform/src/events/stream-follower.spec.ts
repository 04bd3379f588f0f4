import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eventSubjectGroups, eventSubjects, prefixed, streamName, type EventEnvelope } from '@igs/contracts';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { createLogger } from '../logging/logger.js';
import { ensureStream } from './event-streams.js';
import { followStream, type StreamFollower } from './stream-follower.js';

const logger = createLogger('spec', 'silent');

/** Collects what a follower hears, and waits until it has heard `count` events. */
function listener() {
  const heard: string[] = [];
  let waiting: { count: number; resolve: () => void } | undefined;
  return {
    heard,
    onEvent: (subject: string, received: unknown) => {
      heard.push(`${subject} ${(received as EventEnvelope<{ n: number }>).data.n}`);
      if (waiting && heard.length >= waiting.count) waiting.resolve();
    },
    until: (count: number) =>
      heard.length >= count
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            waiting = { count, resolve };
            setTimeout(() => reject(new Error(`heard only ${heard.join(', ')}`)), 5000).unref();
          }),
  };
}

describe(followStream.name, () => {
  let nc: NatsConnection;
  const prefix = `spec${randomUUID().slice(0, 8)}`;
  const followers: StreamFollower[] = [];
  let n = 0;
  const publish = async (subject: string) => {
    const envelope = {
      id: randomUUID(),
      type: subject,
      occurredAt: new Date().toISOString(),
      actor: { subject: 'spec', type: 'system', scopes: [] },
      data: { n: ++n },
    };
    await jetstream(nc).publish(prefixed(prefix, subject), JSON.stringify(envelope));
  };
  const follow = (onEvent: (subject: string, received: unknown) => void, options?: Parameters<typeof followStream>[5]) => {
    const follower = followStream(nc, prefix, 'exchange', onEvent, logger, options);
    followers.push(follower);
    return follower;
  };

  before(async () => {
    nc = await connect({ servers: process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222', noAsyncTraces: true });
    await ensureStream(nc, prefix, 'exchange');
    await publish(eventSubjects.exchange.dockingApproved);
    await publish(eventSubjects.exchange.catalogPublished);
    await publish(eventSubjects.exchange.negativeAdded);
  });
  after(async () => {
    await Promise.all(followers.map((follower) => follower.stop()));
    await (await jetstreamManager(nc)).streams.delete(streamName(prefix, 'exchange'));
    await nc.drain();
  });

  it('replays the whole stream, then follows it', async () => {
    const all = listener();
    await follow(all.onEvent).caughtUp;
    assert.deepEqual(all.heard, ['evt.exchange.docking.approved 1', 'evt.exchange.catalog.published 2', 'evt.exchange.negative.added 3']);
  });

  it('replays and follows only the subjects asked for, or only what comes from now on', async () => {
    const docking = listener();
    const catalogs = listener();
    await follow(docking.onEvent, { subject: eventSubjectGroups.exchange.docking }).caughtUp;
    await follow(catalogs.onEvent, { subject: eventSubjectGroups.exchange.catalog, from: 'now' }).caughtUp;
    assert.deepEqual(docking.heard, ['evt.exchange.docking.approved 1'], 'the catalog and negative events are not replayed');
    assert.deepEqual(catalogs.heard, [], 'nothing from before');

    await publish(eventSubjects.exchange.catalogRetired);
    await publish(eventSubjects.exchange.dockingRevoked);
    await Promise.all([docking.until(2), catalogs.until(1)]);
    assert.deepEqual(docking.heard, ['evt.exchange.docking.approved 1', 'evt.exchange.docking.revoked 5']);
    assert.deepEqual(catalogs.heard, ['evt.exchange.catalog.retired 4']);
  });

  it('replays from a given time on', async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const since = new Date();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await publish(eventSubjects.exchange.dockingSuspended);
    const recent = listener();
    await follow(recent.onEvent, { subject: eventSubjectGroups.exchange.docking, from: since }).caughtUp;
    assert.deepEqual(recent.heard, [`evt.exchange.docking.suspended ${n}`], 'the docking events published before are not replayed');
  });

  it('notices within a second that its consumer is gone, makes it again and misses nothing', async () => {
    const docking = listener();
    const follower = follow(docking.onEvent, { subject: eventSubjectGroups.exchange.docking, from: 'now' });
    await follower.caughtUp;
    // Deleted on the server, nats.js's consumer stays silent until two idle heartbeats (15 s each) are missed.
    const jsm = await jetstreamManager(nc);
    for await (const consumer of jsm.consumers.list(streamName(prefix, 'exchange'))) await jsm.consumers.delete(streamName(prefix, 'exchange'), consumer.name);
    const sent = Date.now();
    await publish(eventSubjects.exchange.dockingSuspended);
    await docking.until(1);
    assert.ok(Date.now() - sent < 1000, `heard after ${Date.now() - sent} ms`);
    assert.ok(follower.isCaughtUp(), 'current again');
    await publish(eventSubjects.exchange.dockingResumed);
    await docking.until(2);
    assert.deepEqual(docking.heard, [`evt.exchange.docking.suspended ${n - 1}`, `evt.exchange.docking.resumed ${n}`]);
  });
});
