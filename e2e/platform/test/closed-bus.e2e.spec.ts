import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventSubjects, messageHeaders, prefixed, requestSubjects, type Caller, type ReplyEnvelope } from '@igs/contracts';
import { CallerSigner, newUserNkey, nkeyFromSeed } from '@igs/platform';
import { eventually, readStream, type TestBusUser } from '@igs/testing';
import { jetstream } from '@nats-io/jetstream';
import { connect, headers as natsHeaders, nkeyAuthenticator, type NatsConnection } from '@nats-io/transport-node';
import { startPlatform, type RunningPlatform } from './platform.js';

const health: Caller = { subject: 'app:health-system', type: 'app', departmentCode: 'HEALTH', appId: 'health-system', scopes: ['data:call', 'exchange:read'] };

/** A connection as one user, with every permission violation the server reports on it. */
async function connectAs(platform: RunningPlatform, user: TestBusUser) {
  const nc = await platform.nats.connect(user);
  const violations: { operation: string; subject: string; queue?: string }[] = [];
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'error' && status.error.name === 'PermissionViolationError') violations.push(status.error as never);
    }
  })();
  return { nc, violations };
}

async function refusedBy(violations: { operation: string; subject: string; queue?: string }[], operation: string, subject: string): Promise<void> {
  await eventually(async () =>
    assert.ok(
      violations.some((v) => v.operation === operation && v.subject === subject),
      `no ${operation} violation for ${subject}: ${JSON.stringify(violations)}`,
    ),
  );
}

describe('the closed bus: the server refuses what an app may not do, and services act only on callers they can verify', () => {
  let platform: RunningPlatform;
  const open: NatsConnection[] = [];
  const as = async (user: TestBusUser) => {
    const connection = await connectAs(platform, user);
    open.push(connection.nc);
    return connection;
  };
  const subject = (name: string) => prefixed(platform.prefix, name);

  before(async () => {
    platform = await startPlatform({ withItem: true, withExchange: true });
  });
  after(async () => {
    await Promise.all(open.map((nc) => nc.close()));
    await platform?.stop();
  });

  it('refuses a connection without credentials, or with a key it does not know', async () => {
    await assert.rejects(connect({ servers: platform.nats.url, reconnect: false }), (error: Error) => /authorization/i.test(error.message));
    const stranger = new TextEncoder().encode(newUserNkey().seed);
    await assert.rejects(connect({ servers: platform.nats.url, authenticator: nkeyAuthenticator(stranger), reconnect: false }), (error: Error) =>
      /authorization/i.test(error.message),
    );
  });

  it('lets no app but the gateway create an app in identity, and refuses the publish at the server', async () => {
    const { nc, violations } = await as('item');
    await assert.rejects(nc.request(subject(requestSubjects.identity.createApp), '{}', { timeout: 1000 }));
    await refusedBy(violations, 'publish', subject(requestSubjects.identity.createApp));
  });

  it('lets no app but the gateway send data calls', async () => {
    for (const user of ['identity', 'item'] as const) {
      const { nc, violations } = await as(user);
      await assert.rejects(nc.request(subject(requestSubjects.exchange.callQuery), '{}', { timeout: 1000 }));
      await refusedBy(violations, 'publish', subject(requestSubjects.exchange.callQuery));
    }
  });

  it('keeps a forged docking approval or app disable out of the streams', async () => {
    const inspector = await as('inspector');
    const before = await readStream(inspector.nc, platform.prefix, 'exchange');
    for (const user of ['gateway', 'item', 'identity'] as const) {
      const { nc, violations } = await as(user);
      const js = jetstream(nc);
      await assert.rejects(js.publish(subject(eventSubjects.exchange.dockingApproved), JSON.stringify({ forged: user }), { timeout: 1000 }));
      await refusedBy(violations, 'publish', subject(eventSubjects.exchange.dockingApproved));
    }
    for (const user of ['gateway', 'exchange', 'item'] as const) {
      const { nc, violations } = await as(user);
      nc.publish(subject(eventSubjects.identity.appDisabled), JSON.stringify({ forged: user }));
      await refusedBy(violations, 'publish', subject(eventSubjects.identity.appDisabled));
    }
    const after = await readStream(inspector.nc, platform.prefix, 'exchange');
    assert.equal(after.length, before.length);
    const identityEvents = await readStream(inspector.nc, platform.prefix, 'identity');
    assert.ok(identityEvents.every((event) => !JSON.stringify(event.envelope).includes('forged')));
  });

  it('lets nobody subscribe to everything, or read another app inbox', async () => {
    for (const user of ['gateway', 'identity', 'item', 'exchange'] as const) {
      const { nc, violations } = await as(user);
      nc.subscribe('>');
      await refusedBy(violations, 'subscription', '>');
      nc.subscribe('_INBOX.gateway.>');
      if (user !== 'gateway') await refusedBy(violations, 'subscription', '_INBOX.gateway.>');
    }
  });

  it('lets no other app answer in a service queue group', async () => {
    for (const user of ['gateway', 'identity', 'item'] as const) {
      const { nc, violations } = await as(user);
      nc.subscribe(subject(requestSubjects.exchange.callQuery), { queue: 'exchange' });
      await refusedBy(violations, 'subscription', subject(requestSubjects.exchange.callQuery));
    }
    const { nc, violations } = await as('exchange');
    nc.subscribe(subject(requestSubjects.exchange.callQuery));
    await refusedBy(violations, 'subscription', subject(requestSubjects.exchange.callQuery));
  });

  describe('a service acts only on a caller it can verify', () => {
    // The inspector may publish anything: it stands for a credential that reaches a
    // service's subject, to show what the service itself refuses.
    const callQuery = async (callerHeader?: string) => {
      const { nc } = await as('inspector');
      const headers = natsHeaders();
      if (callerHeader !== undefined) headers.set(messageHeaders.caller, callerHeader);
      const body = JSON.stringify({
        catalogCode: '150000-PS-POPULATION',
        keys: { id_number: '150102199003071237' },
        fields: ['full_name'],
        purpose: 'forged caller check',
      });
      const reply = await nc.request(subject(requestSubjects.exchange.callQuery), body, { timeout: 3000, headers });
      return reply.json<ReplyEnvelope<unknown>>();
    };

    it('refuses a caller written as plain JSON', async () => {
      const reply = await callQuery(JSON.stringify(health));
      assert.equal(reply.ok, false);
      assert.equal(!reply.ok && reply.error.code, 'PLATFORM.CALLER_NOT_VERIFIED');
    });

    it('refuses a department caller signed by a service rather than the gateway', async () => {
      for (const app of ['item', 'identity', 'exchange'] as const) {
        const key = nkeyFromSeed(platform.nats.seeds[app]);
        const reply = await callQuery(await new CallerSigner(app, key.publicKey, key.privateKey).sign(health));
        assert.equal(!reply.ok && reply.error.code, 'PLATFORM.CALLER_NOT_VERIFIED', app);
      }
    });

    it('refuses a service claiming to be another service, or a key claiming to be another app', async () => {
      const item = nkeyFromSeed(platform.nats.seeds.item);
      const asIdentity = await new CallerSigner('item', item.publicKey, item.privateKey).sign({ subject: 'system:identity', type: 'system', scopes: [] });
      const impostor = await callQuery(asIdentity);
      assert.equal(!impostor.ok && impostor.error.code, 'PLATFORM.CALLER_NOT_VERIFIED');
      const posingAsGateway = await new CallerSigner('gateway', item.publicKey, item.privateKey).sign(health);
      const reply = await callQuery(posingAsGateway);
      assert.equal(!reply.ok && reply.error.code, 'PLATFORM.CALLER_NOT_VERIFIED');
    });

    it('refuses a key it does not know, and accepts the gateway speaking for a department', async () => {
      const strangerKey = nkeyFromSeed(newUserNkey().seed);
      const stranger = await new CallerSigner('gateway', strangerKey.publicKey, strangerKey.privateKey).sign(health);
      assert.equal(((await callQuery(stranger)) as { error?: { code: string } }).error?.code, 'PLATFORM.CALLER_NOT_VERIFIED');
      const gateway = nkeyFromSeed(platform.nats.seeds.gateway);
      const verified = await callQuery(await new CallerSigner('gateway', gateway.publicKey, gateway.privateKey).sign(health));
      // Verified, then judged on its merits: no docking entry for this catalog.
      assert.notEqual(!verified.ok && verified.error.code, 'PLATFORM.CALLER_NOT_VERIFIED');
    });
  });
});
