import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exchangeRequests, type Caller, type RequestDefinition } from '@igs/contracts';
import type { MessageBus, SendOptions } from '@igs/platform';
import type { FastifyRequest } from 'fastify';
import { ForwardingTails } from './forwarding-tail.js';

interface Sent {
  subject: string;
  payload: unknown;
  caller: Caller;
  options: SendOptions;
}

/** A bus that keeps what it is asked to send and answers each request with its number. */
const fakeBus = () => {
  const sent: Sent[] = [];
  const bus = {
    request: (definition: RequestDefinition, payload: unknown, caller: Caller, options: SendOptions) => {
      sent.push({ subject: definition.subject, payload, caller, options });
      return Promise.resolve({ answer: sent.length });
    },
  };
  return { sent, bus: bus as unknown as MessageBus };
};

const app: Caller = { subject: 'app:tax-system', type: 'app', appId: 'tax-system', scopes: [] };
const requestOf = (caller: Caller | undefined) =>
  ({ id: 'req-7', url: '/api/v1/x', routeOptions: { url: '/api/v1/x' }, igsCaller: caller }) as unknown as FastifyRequest;

describe(ForwardingTails.name, () => {
  it('sends every message of a request with its caller and its request id, and hands back each reply', async () => {
    const { sent, bus } = fakeBus();
    const tail = new ForwardingTails(bus).of(requestOf(app));
    const first = await tail.send(exchangeRequests.importCatalogs, { rows: [] }, { timeoutMs: 60_000 });
    const second = await tail.send(exchangeRequests.importCatalogs, { rows: [] });
    assert.deepEqual([first, second], [{ answer: 1 }, { answer: 2 }]);
    assert.deepEqual(
      sent.map(({ subject, caller, options }) => ({ subject, caller, options })),
      [
        { subject: exchangeRequests.importCatalogs.subject, caller: app, options: { timeoutMs: 60_000, requestId: 'req-7' } },
        { subject: exchangeRequests.importCatalogs.subject, caller: app, options: { requestId: 'req-7' } },
      ],
    );
  });

  it('refuses a request that reached it without a caller before anything is sent', () => {
    const { sent, bus } = fakeBus();
    assert.throws(() => new ForwardingTails(bus).of(requestOf(undefined)), /declares no access/);
    assert.equal(sent.length, 0);
  });
});
