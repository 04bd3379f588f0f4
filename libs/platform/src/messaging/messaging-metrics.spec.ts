import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NoRespondersError, TimeoutError } from '@nats-io/transport-node';
import { AppError, RemoteError } from '../errors/app-error.js';
import { errorTypeOf } from './messaging-metrics.js';

describe(errorTypeOf.name, () => {
  it("names the transport's failures, the contracts' codes, and anything else by the code it is answered with", () => {
    assert.equal(errorTypeOf(new NoRespondersError('item.v1.item.get')), 'no_responders');
    assert.equal(errorTypeOf(new TimeoutError()), 'timeout');
    assert.equal(errorTypeOf(new RemoteError('EXCHANGE.NO_DOCKING', 'no docking entry')), 'EXCHANGE.NO_DOCKING');
    assert.equal(errorTypeOf(new AppError('PLATFORM.SERVICE_UNAVAILABLE', 'the bus is down')), 'PLATFORM.SERVICE_UNAVAILABLE');
    assert.equal(errorTypeOf(new Error('max_payload exceeded'), 'PLATFORM.PAYLOAD_TOO_LARGE'), 'PLATFORM.PAYLOAD_TOO_LARGE');
    assert.equal(errorTypeOf(new Error('boom')), 'PLATFORM.INTERNAL');
  });
});
