import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RemoteError } from './app-error.js';

describe(RemoteError.name, () => {
  it('keeps a code of the contracts as the reply carried it', () => {
    const error = RemoteError.fromBody({ code: 'IDENTITY.APP_NOT_FOUND', message: 'no such app', details: { clientId: 'x' } });
    assert.equal(error.code, 'IDENTITY.APP_NOT_FOUND');
    assert.equal(error.message, 'no such app');
    assert.deepEqual(error.details, { clientId: 'x' });
    assert.ok(error.hasCode('IDENTITY.APP_NOT_FOUND'));
    assert.ok(!error.hasCode('IDENTITY.APP_EXISTS'));
    // @ts-expect-error a code the contracts do not hold does not compile
    assert.ok(!error.hasCode('IDENTITY.APP_NOT_FOUN'));
  });

  it('reads a code the contracts do not know as an internal error, naming the code it got', () => {
    const error = RemoteError.fromBody({ code: 'LEDGER.NOT_YET_KNOWN', message: 'from a newer responder' });
    assert.equal(error.code, 'PLATFORM.INTERNAL');
    assert.equal(error.message, 'LEDGER.NOT_YET_KNOWN: from a newer responder');
    assert.ok(!error.hasCode('PLATFORM.VALIDATION'));
  });
});
