import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { checkResidentId, residentIdCheckCharacter } from './resident-id.js';
import { checkSocialCreditCode, socialCreditCheckCharacter } from './social-credit-code.js';

const residentIdBody = fc
  .record({
    region: fc.integer({ min: 110000, max: 820000 }),
    birth: fc.date({ min: new Date('1920-01-01T00:00:00Z'), max: new Date('2025-12-31T00:00:00Z'), noInvalidDate: true }),
    sequence: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ region, birth, sequence }) => `${region}${birth.toISOString().slice(0, 10).replace(/-/g, '')}${String(sequence).padStart(3, '0')}`);

const creditAlphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const creditCodeBody = fc
  .record({
    authority: fc.constantFrom('1', '5', '9', 'Y'),
    type: fc.constantFrom('1', '2', '3', '9'),
    division: fc.integer({ min: 110000, max: 820000 }),
    organisation: fc.array(fc.constantFrom(...creditAlphabet), { minLength: 9, maxLength: 9 }),
  })
  .map(({ authority, type, division, organisation }) => `${authority}${type}${division}${organisation.join('')}`);

describe(checkResidentId.name, () => {
  it('accepts the example of GB 11643 and lower-case x', () => {
    assert.deepEqual(checkResidentId('11010519491231002X'), { valid: true, normalized: '11010519491231002X' });
    assert.deepEqual(checkResidentId(' 11010519491231002x '), { valid: true, normalized: '11010519491231002X' });
  });

  it('refuses a wrong check character, an impossible birth date, a future one, and a bad shape', () => {
    assert.equal(checkResidentId('110105194912310021').valid, false);
    assert.equal(checkResidentId('110105194902300028').valid, false, '30 February');
    assert.equal(checkResidentId(`11010520991231${'002'}X`, new Date('2026-01-01')).valid, false);
    assert.equal(checkResidentId('11010519491231002').valid, false);
    assert.equal(checkResidentId('01010519491231002X').valid, false, 'address codes start with 1 to 8');
  });

  it('accepts every number whose check character is computed, and refuses any single changed digit', () => {
    fc.assert(
      fc.property(residentIdBody, fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (body, position, delta) => {
        const id = body + residentIdCheckCharacter(body);
        assert.equal(checkResidentId(id, new Date('2026-11-26')).valid, true);
        const changed = body.slice(0, position) + ((Number(body[position]) + delta) % 10) + body.slice(position + 1);
        const forged = changed + residentIdCheckCharacter(body);
        assert.equal(checkResidentId(forged, new Date('2026-11-26')).valid, false);
      }),
    );
  });
});

describe(checkSocialCreditCode.name, () => {
  it('accepts published codes and refuses a changed check character or a letter outside the alphabet', () => {
    assert.equal(checkSocialCreditCode('91350100M000100Y43').valid, true);
    assert.equal(checkSocialCreditCode('91110000600037341L').valid, true);
    assert.equal(checkSocialCreditCode('91350100M000100Y44').valid, false);
    assert.equal(checkSocialCreditCode('91350100M0001O0Y43').valid, false, 'O is not in the alphabet');
    assert.equal(checkSocialCreditCode('9135010').valid, false);
  });

  it('accepts every code whose check character is computed, and refuses any single changed character', () => {
    fc.assert(
      fc.property(creditCodeBody, fc.integer({ min: 8, max: 16 }), fc.integer({ min: 1, max: 30 }), (body, position, delta) => {
        assert.equal(checkSocialCreditCode(body + socialCreditCheckCharacter(body)).valid, true);
        const replaced = creditAlphabet[(creditAlphabet.indexOf(body[position]) + delta) % 31];
        const forged = body.slice(0, position) + replaced + body.slice(position + 1) + socialCreditCheckCharacter(body);
        assert.equal(checkSocialCreditCode(forged).valid, false);
      }),
    );
  });
});
