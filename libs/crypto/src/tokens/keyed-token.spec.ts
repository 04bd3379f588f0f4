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

  it('gives the tokens it always gave, so rows loaded before a change stay reachable', () => {
    // Known answers, made by the first implementation (HMAC over purpose, NUL, value).
    const fixedKey = Buffer.alloc(32, 1);
    assert.equal(keyedToken(fixedKey, 'pi:id_number', '11010519491231002X'), '5SEM981p_OiDxkuQ__GisLK-400rztJwwGO9WN-i6ek');
    assert.equal(keyedToken(fixedKey, 'pi:id_number', '11010519491231002X', 'hmac-sm3'), 'eYi6u47XyLgLFo9IotJuslYy6MN-Cxbq4K_o-pzRVJU');
  });

  it('refuses a short key', () => {
    assert.throws(() => keyedToken(randomBytes(16), 'p', 'v'), /at least 32 bytes/);
  });
});
