import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exchangeEvents, identityEvents } from '@igs/contracts';
import { createLogger } from '../logging/logger.js';
import { eventDispatcher, onEvent } from './follow-events.js';

const envelope = (data: unknown) => ({
  id: '5b0a3f0e-2c1d-4a4e-9f6b-0c1d2e3f4a5b',
  type: 'identity.app.enabled',
  occurredAt: '2026-12-01T08:00:00.000Z',
  actor: { subject: 'system:identity', type: 'system' },
  data,
});

describe(eventDispatcher.name, () => {
  const logger = createLogger('spec', 'silent');

  it('hands an event that parses to the handler of its subject, with the envelope parsed too', () => {
    const heard: unknown[] = [];
    const dispatch = eventDispatcher([onEvent(identityEvents.appEnabled, (data, received) => heard.push([data.clientId, received.actor.scopes]))], logger);
    dispatch(identityEvents.appEnabled.subject, 'EVT_IDENTITY', envelope({ clientId: 'tax-app', extra: 'dropped' }));
    assert.deepEqual(heard, [['tax-app', []]], "the caller's scopes default as the contracts say");
  });

  it('refuses an event whose data, envelope or bytes do not parse, and applies the next one', () => {
    const heard: string[] = [];
    const dispatch = eventDispatcher([onEvent(identityEvents.appEnabled, ({ clientId }) => heard.push(clientId))], logger);
    const subject = identityEvents.appEnabled.subject;
    dispatch(subject, 'EVT_IDENTITY', envelope({ clientId: 42 }));
    dispatch(subject, 'EVT_IDENTITY', { ...envelope({ clientId: 'no-id' }), id: 'not-a-uuid' });
    dispatch(subject, 'EVT_IDENTITY', undefined);
    dispatch(subject, 'EVT_IDENTITY', envelope({ clientId: 'after' }));
    assert.deepEqual(heard, ['after']);
  });

  it('passes over an event of a followed group that no handler names', () => {
    const heard: string[] = [];
    const dispatch = eventDispatcher([onEvent(exchangeEvents.catalogRetired, ({ code }) => heard.push(code))], logger);
    dispatch(exchangeEvents.catalogNonCompliant.subject, 'EVT_EXCHANGE', envelope({ code: 'C-1', violations: [] }));
    assert.deepEqual(heard, []);
  });
});
