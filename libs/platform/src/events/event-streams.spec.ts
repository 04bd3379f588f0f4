import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eventSubjects, longestTokenLifetimeMs, prefixed, streamName, type StreamKey } from '@igs/contracts';
import { DiscardPolicy, jetstream, jetstreamManager, StorageType, type JetStreamManager } from '@nats-io/jetstream';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import { ensureStream, streamConfig } from './event-streams.js';
import { streamEnv, streamSettingsFrom } from './stream-settings.js';

const mib = 1024 * 1024;

describe(streamConfig.name, () => {
  it('asks for the replicas of the deployment, and keeps whole the streams that copies replay from their start', () => {
    const settings = streamSettingsFrom(streamEnv.parse({ STREAM_REPLICAS: '3', STREAM_EXCHANGE_MAX_BYTES: String(64 * mib) }));
    const exchange = streamConfig('150000', 'exchange', settings);
    assert.equal(exchange.num_replicas, 3);
    assert.equal(exchange.max_age, 0, 'the exchange copy replays every docking event ever published');
    assert.equal(exchange.discard, DiscardPolicy.New, 'a full stream refuses new events rather than drop the oldest');
    assert.equal(exchange.max_bytes, 64 * mib);
    const identity = streamConfig('', 'identity', settings);
    assert.deepEqual(identity.subjects, ['evt.identity.app.>', 'evt.identity.key.>']);
    assert.equal(identity.max_age, 0);
    assert.equal(identity.max_bytes, 256 * mib, "the contracts' limit where the deployment sets none");
  });

  it('drops grant revocations by age, a little after the longest token they revoke has expired', () => {
    const grants = streamConfig('', 'identityGrants');
    assert.deepEqual(grants.subjects, ['evt.identity.grant.>']);
    assert.equal(grants.num_replicas, 1);
    assert.equal(grants.discard, DiscardPolicy.Old);
    assert.ok(grants.max_age > nanos(longestTokenLifetimeMs) && grants.max_age <= nanos(longestTokenLifetimeMs + 15 * 60_000));
  });

  it('refuses settings a cluster cannot take, naming the variable', () => {
    assert.equal(streamEnv.safeParse({ STREAM_REPLICAS: '7' }).success, false);
    const small = streamEnv.safeParse({ STREAM_IDENTITY_GRANT_MAX_BYTES: '1000' });
    assert.equal(small.success, false);
    assert.deepEqual(small.error?.issues[0].path, ['STREAM_IDENTITY_GRANT_MAX_BYTES']);
  });
});

describe(ensureStream.name, () => {
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  const prefixes: string[] = [];
  const newPrefix = () => {
    const prefix = `spec${randomUUID().slice(0, 8)}`;
    prefixes.push(prefix);
    return prefix;
  };
  const publish = (prefix: string, subject: string, bytes = 100) => jetstream(nc).publish(prefixed(prefix, subject), 'x'.repeat(bytes));

  before(async () => {
    nc = await connect({ servers: process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222', noAsyncTraces: true });
    jsm = await jetstreamManager(nc);
  });
  after(async () => {
    for (const prefix of prefixes) {
      for (const key of ['item', 'identity', 'identityGrants', 'exchange'] as StreamKey[])
        await jsm.streams.delete(streamName(prefix, key)).catch(() => undefined);
    }
    await nc.drain();
  });

  it('creates a stream with the retention of the contracts and the size the deployment sets', async () => {
    const prefix = newPrefix();
    await ensureStream(nc, prefix, 'identityGrants', { replicas: 1, maxBytes: { identityGrants: 8 * mib } });
    const { config } = await jsm.streams.info(streamName(prefix, 'identityGrants'));
    assert.deepEqual(config.subjects, [`${prefix}.evt.identity.grant.>`]);
    assert.equal(config.storage, StorageType.File);
    assert.equal(config.num_replicas, 1);
    assert.equal(config.max_age, streamConfig(prefix, 'identityGrants').max_age);
    assert.equal(config.max_bytes, 8 * mib);
    assert.equal(config.discard, DiscardPolicy.Old);
  });

  it('updates an existing stream: its limits, and its subjects, purging the grant revocations that moved to their own stream', async () => {
    const prefix = newPrefix();
    const name = streamName(prefix, 'identity');
    // The identity stream as earlier releases made it: every identity event, no limits.
    await jsm.streams.add({ name, subjects: [`${prefix}.evt.identity.>`], storage: StorageType.File });
    await publish(prefix, eventSubjects.identity.appDisabled);
    await publish(prefix, eventSubjects.identity.grantRevoked);
    await publish(prefix, eventSubjects.identity.signingKeyRotated);

    await ensureStream(nc, prefix, 'identity', { replicas: 1, maxBytes: { identity: 4 * mib } });
    await ensureStream(nc, prefix, 'identityGrants');
    const { config, state } = await jsm.streams.info(name);
    assert.deepEqual(config.subjects, [`${prefix}.evt.identity.app.>`, `${prefix}.evt.identity.key.>`]);
    assert.equal(config.max_bytes, 4 * mib);
    assert.equal(config.discard, DiscardPolicy.New);
    assert.equal(state.messages, 2, 'the app and key events are kept, the grant revocation is gone');
    assert.equal((await jsm.streams.getMessage(name, { seq: 1 }))?.subject, `${prefix}.${eventSubjects.identity.appDisabled}`);
    const ack = await publish(prefix, eventSubjects.identity.grantRevoked);
    assert.equal(ack.stream, streamName(prefix, 'identityGrants'), 'new revocations go to their own stream');

    await ensureStream(nc, prefix, 'identity', { replicas: 1, maxBytes: { identity: 4 * mib } });
    assert.equal((await jsm.streams.info(name)).state.messages, 2, 'running it again changes nothing');
  });

  it('makes a full stream kept whole refuse new events rather than drop its oldest', async () => {
    const prefix = newPrefix();
    await ensureStream(nc, prefix, 'exchange', { replicas: 1, maxBytes: { exchange: mib } });
    for (let i = 0; i < 20; i += 1) await publish(prefix, eventSubjects.exchange.dockingApproved, 40_000);
    await assert.rejects(
      (async () => {
        for (let i = 0; i < 20; i += 1) await publish(prefix, eventSubjects.exchange.dockingApproved, 40_000);
      })(),
      /maximum bytes exceeded/i,
    );
    assert.equal((await jsm.streams.info(streamName(prefix, 'exchange'))).state.first_seq, 1, 'nothing was dropped to make room');
  });

  it('refuses to lower the limit of a stream kept whole below what it holds, naming the variable, and leaves the stream as it was', async () => {
    const prefix = newPrefix();
    const name = streamName(prefix, 'exchange');
    await ensureStream(nc, prefix, 'exchange', { replicas: 1, maxBytes: { exchange: 4 * mib } });
    for (let i = 0; i < 40; i += 1) await publish(prefix, eventSubjects.exchange.dockingApproved, 40_000);
    await assert.rejects(ensureStream(nc, prefix, 'exchange', { replicas: 1, maxBytes: { exchange: mib } }), /holds \d+ bytes.*STREAM_EXCHANGE_MAX_BYTES/);
    const { config, state } = await jsm.streams.info(name);
    assert.equal(config.max_bytes, 4 * mib);
    assert.equal(state.messages, 40);
  });

  it('asks a single server for 3 replicas and is refused, so a deployment that asks for more than its cluster has fails at start', async () => {
    await assert.rejects(ensureStream(nc, newPrefix(), 'item', { replicas: 3, maxBytes: {} }), /replicas/i);
  });
});
