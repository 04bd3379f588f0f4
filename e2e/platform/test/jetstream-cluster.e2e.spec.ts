import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventSubjects, prefixed, streamName } from '@igs/contracts';
import { ensureStream } from '@igs/platform';
import { freePort, startNatsServer, uniqueSubjectPrefix, type TestNatsServer } from '@igs/testing';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';

/**
 * A JetStream cluster of three nats-servers on this machine (what k8s/nats runs), so that the
 * replicas the prod overlay asks for are exercised for real: a stream made with one replica
 * is raised to three by a service's start, and keeps taking events with one server down.
 */
describe('event streams on a three-server JetStream cluster', () => {
  const servers: TestNatsServer[] = [];
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  const prefix = uniqueSubjectPrefix();

  before(async () => {
    const routePorts = await Promise.all([0, 1, 2].map(() => freePort()));
    for (const [i, port] of routePorts.entries()) {
      const routes = routePorts.map((other) => `"nats-route://127.0.0.1:${other}"`).join(', ');
      servers.push(await startNatsServer({ config: `server_name: n${i}\ncluster { name: igs, listen: "127.0.0.1:${port}", routes: [${routes}] }` }));
    }
    nc = await connect({ servers: servers.map((server) => server.url), noAsyncTraces: true });
    // The servers elect a meta leader a few seconds after they meet, and learn of each other
    // as JetStream peers: the cluster is ready once it places a stream of three replicas.
    for (const deadline = Date.now() + 30_000; ;) {
      try {
        jsm = await jetstreamManager(nc, { timeout: 2000 });
        await jsm.streams.add({ name: `READY_${prefix}`, subjects: [`${prefix}.ready`], num_replicas: 3 });
        await jsm.streams.delete(`READY_${prefix}`);
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  });
  after(async () => {
    await nc?.close();
    await Promise.all(servers.map((server) => server.stop()));
  });

  it('raises an existing stream from one replica to three, and keeps taking events with one server down', async () => {
    const name = streamName(prefix, 'exchange');
    await ensureStream(nc, prefix, 'exchange', { replicas: 1, maxBytes: {} });
    assert.equal((await jsm.streams.info(name)).config.num_replicas, 1);
    await jetstream(nc).publish(prefixed(prefix, eventSubjects.exchange.dockingApproved), '{}');

    await ensureStream(nc, prefix, 'exchange', { replicas: 3, maxBytes: {} });
    let info = await jsm.streams.info(name);
    assert.equal(info.config.num_replicas, 3);
    for (const deadline = Date.now() + 20_000; !info.cluster?.leader || (info.cluster.replicas ?? []).filter((peer) => peer.current).length < 2;) {
      assert.ok(Date.now() < deadline, `a leader, and the new replicas caught up: ${JSON.stringify(info.cluster)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
      info = await jsm.streams.info(name);
    }
    assert.equal(info.state.messages, 1, 'the event published before is on every replica');

    // Any one server may go: the other two are a quorum.
    const leader = servers.find((_server, i) => info.cluster?.leader === `n${i}`);
    assert.ok(leader, `a leader among the servers: ${JSON.stringify(info.cluster)}`);
    await leader.kill();
    for (const deadline = Date.now() + 20_000; ;) {
      try {
        await jetstream(nc, { timeout: 2000 }).publish(prefixed(prefix, eventSubjects.exchange.dockingRevoked), '{}');
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
    assert.equal((await jsm.streams.info(name)).state.messages, 2);
  });
});
