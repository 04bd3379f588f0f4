import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { keyedToken } from './keyed-token.js';

const key = randomBytes(32);

describe(keyedToken.name, () => {
  it('is stable for the same key, purpose and value, and hides the value', () => {
    const token = keyedToken(key, 'person.id', '11010519491231002X');
    assert.equal(token, keyedToken(key, 'person.id', '11010519491231002X'));
    assert.ok(!token.includes('1101'));
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
  });

  it('differs by purpose, by key and by algorithm', () => {
    const token = keyedToken(key, 'person.id', '11010519491231002X');
    assert.notEqual(token, keyedToken(key, 'dept:HEALTH', '11010519491231002X'));
    assert.notEqual(token, keyedToken(randomBytes(32), 'person.id', '11010519491231002X'));
    assert.notEqual(token, keyedToken(key, 'person.id', '11010519491231002X', 'hmac-sm3'));
  });

  it('refuses a short key', () => {
    assert.throws(() => keyedToken(randomBytes(16), 'p', 'v'), /at least 32 bytes/);
  });
});
