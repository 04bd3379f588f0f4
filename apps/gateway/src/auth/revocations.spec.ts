import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eventSubjects, identityEvents, prefixed, streamName, type StreamKey } from '@igs/contracts';
import { createLogger, ensureStream, followEvents, HealthRegistry, NatsLink, onEvent, type MessagingOptions } from '@igs/platform';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { Revocations } from './revocations.js';

const logger = createLogger('spec', 'silent');
const until = async (condition: () => boolean | Promise<boolean>, what: string) => {
  for (const deadline = Date.now() + 5000; !(await condition());) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe(`${Revocations.name} over the retained streams`, () => {
  const messaging: MessagingOptions = {
    app: 'gateway',
    natsUrl: process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222',
    subjectPrefix: `spec${randomUUID().slice(0, 8)}`,
    requestTimeoutMs: 2000,
  };
  const prefix = messaging.subjectPrefix;
  let link: NatsLink;
  let jsm: JetStreamManager;
  const started: Revocations[] = [];
  const publish = (subject: string, data: Record<string, unknown>) => {
    const envelope = {
      id: randomUUID(),
      type: subject,
      occurredAt: new Date().toISOString(),
      actor: { subject: 'identity', type: 'system', scopes: [] },
      data,
    };
    return jetstream(link.nc).publish(prefixed(prefix, subject), JSON.stringify(envelope), { msgID: envelope.id });
  };
  const startGateway = async () => {
    const revocations = new Revocations(link, messaging, logger, new HealthRegistry());
    started.push(revocations);
    revocations.onApplicationBootstrap();
    await until(() => revocations.isCurrent(), 'the gateway has replayed the identity streams');
    return revocations;
  };

  before(async () => {
    link = await NatsLink.connect(messaging, logger);
    jsm = await jetstreamManager(link.nc);
    await ensureStream(link.nc, prefix, 'identity');
    await ensureStream(link.nc, prefix, 'identityGrants');
  });
  after(async () => {
    await Promise.all(started.map((revocations) => revocations.onApplicationShutdown()));
    for (const key of ['identity', 'identityGrants'] as StreamKey[]) await jsm.streams.delete(streamName(prefix, key));
    await link.nc.drain();
  });

  it('still refuses a disabled app after the grant revocations beside it have aged out, and replays only the revocations the stream keeps', async () => {
    await publish(eventSubjects.identity.appDisabled, { clientId: 'tax-disabled', tokenGeneration: 2 });
    for (let i = 0; i < 50; i += 1) await publish(eventSubjects.identity.grantRevoked, { grantId: `old-${i}` });
    const grants = streamName(prefix, 'identityGrants');
    // An hour and ten minutes pass: the server drops revocations older than the stream's max_age.
    // Shortened here to a second, then brought back by ensureStream as an app's start would.
    const { config } = await jsm.streams.info(grants);
    await jsm.streams.update(grants, { ...config, max_age: nanos(1000), duplicate_window: nanos(1000) });
    await until(async () => (await jsm.streams.info(grants)).state.messages === 0, 'the old revocations are gone');
    await ensureStream(link.nc, prefix, 'identityGrants');
    await publish(eventSubjects.identity.grantRevoked, { grantId: 'fresh' });

    const gateway = await startGateway();
    assert.equal(gateway.isAppDisabled('tax-disabled'), true, 'the app event is kept whatever its age');
    assert.equal(gateway.isAppTokenRevoked('tax-disabled', 1), true);
    assert.equal(gateway.isGrantRevoked('fresh'), true);
    assert.equal(gateway.isGrantRevoked('old-0'), false, 'its tokens have expired: nothing to refuse');

    // What a start replays: every app event, and only the revocations the stream still keeps.
    const heard: string[] = [];
    const follower = followEvents(link.nc, prefix, 'identityGrants', [onEvent(identityEvents.grantRevoked, ({ grantId }) => heard.push(grantId))], logger);
    await follower.caughtUp;
    await follower.stop();
    assert.deepEqual(heard, ['fresh']);
  });
});
