import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { anonymousCaller, defineRequest, messageHeaders, prefixed } from '@igs/contracts';
import { headers as natsHeaders } from '@nats-io/transport-node';
import pg from 'pg';
import { z } from 'zod';
import { AppError, RemoteError } from '../errors/app-error.js';
import { createLogger } from '../logging/logger.js';
import type { RequestContext } from './request-context.js';
import { MessageBus } from './message-bus.js';
import { NatsLink } from './nats-connection.js';

const work = defineRequest({ subject: 'spec.work', request: z.object({ n: z.number() }), reply: z.object({ n: z.number() }) });
const logger = createLogger('spec', 'silent');

/** An error exactly as node-postgres gives it when nothing listens where the database should be. */
async function refusedConnection(): Promise<Error> {
  const client = new pg.Client({ host: '127.0.0.1', port: 1, connectionTimeoutMillis: 2000 });
  return client.connect().then(
    () => assert.fail('port 1 accepted a connection'),
    (error: Error) => error,
  );
}

describe(MessageBus.name, () => {
  const options = {
    app: 'spec',
    natsUrl: process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222',
    subjectPrefix: `spec${randomUUID().slice(0, 8)}`,
    requestTimeoutMs: 2000,
  };
  let link: NatsLink;
  let bus: MessageBus;
  const handled: RequestContext[] = [];
  let failure: Error | undefined;

  before(async () => {
    link = await NatsLink.connect(options, logger);
    bus = new MessageBus(link, options, logger);
    bus.serve(work, ({ n }, ctx) => {
      handled.push(ctx);
      if (failure) throw failure;
      return { n };
    });
    await link.nc.flush();
  });
  after(async () => {
    await bus.stopServing();
    if (!link.nc.isClosed()) await link.nc.drain();
  });

  it('sends the deadline with the request, and the handler is told it', async () => {
    const before = Date.now();
    assert.deepEqual(await bus.request(work, { n: 1 }, anonymousCaller, { timeoutMs: 1500 }), { n: 1 });
    const { deadline } = handled.at(-1)!;
    // A quarter of the timeout before it: what the responder does in time still reaches the sender.
    assert.ok(
      deadline !== undefined && deadline >= before + 1125 && deadline <= Date.now() + 1125,
      `deadline ${deadline} is the send time plus three quarters of the timeout`,
    );
  });

  it('drops a request whose deadline has passed before doing anything with it', async () => {
    const count = handled.length;
    const late = natsHeaders();
    late.set(messageHeaders.deadline, String(Date.now() - 1000));
    await assert.rejects(link.nc.request(prefixed(options.subjectPrefix, work.subject), JSON.stringify({ n: 2 }), { timeout: 300, headers: late }), /TIMEOUT/i);
    assert.equal(handled.length, count, 'the handler never ran');

    const live = natsHeaders();
    live.set(messageHeaders.deadline, String(Date.now() + 1000));
    const reply = await link.nc.request(prefixed(options.subjectPrefix, work.subject), JSON.stringify({ n: 3 }), { timeout: 1000, headers: live });
    assert.deepEqual(reply.json(), { ok: true, data: { n: 3 } });
  });

  it('answers DATABASE_UNAVAILABLE with a retry hint when the handler cannot reach the database', async () => {
    failure = await refusedConnection();
    try {
      const error = await bus.request(work, { n: 4 }, anonymousCaller).then(
        () => assert.fail('expected an error'),
        (caught: unknown) => caught,
      );
      assert.ok(error instanceof RemoteError);
      assert.equal(error.code, 'PLATFORM.DATABASE_UNAVAILABLE');
      assert.deepEqual(error.details, { retryAfterSeconds: 2 });
      failure = new Error('a bug');
      await assert.rejects(bus.request(work, { n: 5 }, anonymousCaller), { code: 'PLATFORM.INTERNAL' });
    } finally {
      failure = undefined;
    }
  });

  it('answers PAYLOAD_TOO_LARGE, not SERVICE_UNAVAILABLE, for a request over the server max_payload', async () => {
    const big = defineRequest({ subject: 'spec.big', request: z.object({ text: z.string() }), reply: z.object({}) });
    const limit = link.nc.info?.max_payload ?? 1024 * 1024;
    await assert.rejects(bus.request(big, { text: 'x'.repeat(limit + 1) }, anonymousCaller), { code: 'PLATFORM.PAYLOAD_TOO_LARGE' });
  });

  it('fails at once, with a retry hint, while its connection is down', async () => {
    await link.nc.close();
    const started = Date.now();
    const error = await bus.request(work, { n: 6 }, anonymousCaller).then(
      () => assert.fail('expected an error'),
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof AppError);
    assert.equal(error.code, 'PLATFORM.SERVICE_UNAVAILABLE');
    assert.deepEqual(error.details, { retryAfterSeconds: 1 });
    assert.ok(Date.now() - started < 100, 'not held for the timeout');
  });
});
