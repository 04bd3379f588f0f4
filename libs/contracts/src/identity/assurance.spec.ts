import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { acrValuesFrom, amrOf, authenticationLevel, lowestAcrOf, signInAcr } from './assurance.js';

describe('assurance levels', () => {
  it('gives one factor level 2 and two different factors level 3, with mfa in the amr', () => {
    assert.deepEqual(amrOf(['pwd']), ['pwd']);
    assert.deepEqual(amrOf(['sms', 'pwd', 'sms']), ['pwd', 'sms', 'mfa']);
    assert.equal(authenticationLevel(['pwd']), 2);
    assert.equal(authenticationLevel(['sms']), 2);
    assert.equal(authenticationLevel(['pwd', 'sms', 'mfa']), 3);
    assert.equal(authenticationLevel(['pwd', 'pwd']), 2, 'the same factor twice is one factor');
  });

  it('caps what a sign-in proves by the identity-proofing level', () => {
    assert.equal(signInAcr(4, ['pwd']), 2, 'a password proves 2 whoever types it');
    assert.equal(signInAcr(4, ['pwd', 'sms']), 3);
    assert.equal(signInAcr(2, ['pwd', 'sms']), 2);
    assert.equal(signInAcr(1, ['pwd']), 1);
  });

  it('asks for every level from the one a route needs, and reads the lowest one asked for', () => {
    assert.equal(acrValuesFrom(3), '3 4');
    assert.equal(acrValuesFrom(2), '2 3 4');
    assert.equal(lowestAcrOf('4 3'), 3);
    assert.equal(lowestAcrOf('urn:other 3'), 3);
    assert.equal(lowestAcrOf('urn:other'), undefined);
    assert.equal(lowestAcrOf(undefined), undefined);
  });
});
