import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { connect, NoRespondersError, TimeoutError, type NatsConnection } from '@nats-io/transport-node';
import { RequestMux } from './request-mux.js';
import { TurnPublisher } from './turn-publisher.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

describe(RequestMux.name, () => {
  let nc: NatsConnection;
  let mux: RequestMux;
  const subject = `spec-${randomUUID()}`;

  before(async () => {
    nc = await connect({ servers: process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222', noAsyncTraces: true });
    mux = new RequestMux(nc, new TurnPublisher(nc));
    // Answers out of order (later requests first) to show replies are matched by token, not by order.
    nc.subscribe(`${subject}.echo`, {
      callback: (_error, msg) => {
        const n = Number(decoder.decode(msg.data));
        setTimeout(() => msg.respond(encoder.encode(`reply-${n}`)), 50 - (n % 50));
      },
    });
    nc.subscribe(`${subject}.silent`, { callback: () => undefined });
    await nc.flush();
  });

  after(() => nc.drain());

  it('matches each reply to its request when many are sent in one turn', async () => {
    const replies = await Promise.all(Array.from({ length: 200 }, (_, n) => mux.request(`${subject}.echo`, encoder.encode(String(n)), 5000)));
    assert.deepEqual(
      replies.map((msg) => decoder.decode(msg.data)),
      Array.from({ length: 200 }, (_, n) => `reply-${n}`),
    );
  });

  it('rejects with NoRespondersError when nobody serves the subject', async () => {
    await assert.rejects(mux.request(`${subject}.nobody`, encoder.encode('x'), 5000), (error: unknown) => {
      assert.ok(error instanceof NoRespondersError);
      assert.equal(error.subject, `${subject}.nobody`);
      return true;
    });
  });

  it('rejects with TimeoutError when the responder stays silent', async () => {
    const started = Date.now();
    await assert.rejects(mux.request(`${subject}.silent`, encoder.encode('x'), 200), TimeoutError);
    assert.ok(Date.now() - started >= 190, 'not before its timeout');
    const next = await mux.request(`${subject}.echo`, encoder.encode('7'), 5000);
    assert.equal(decoder.decode(next.data), 'reply-7');
  });
});
