import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { envelopeKekId, openBytes, openEnvelope, rewrapEnvelope, sealBytes, sealEnvelope, type EnvelopeAlgorithm } from './envelope.js';

const kek = { id: 'k2026', key: randomBytes(32) };
const oldKek = { id: 'k2025', key: randomBytes(32) };

for (const algorithm of ['aes-256-gcm', 'sm4-ctr-hmac-sm3'] as EnvelopeAlgorithm[]) {
  describe(`envelope with ${algorithm}`, () => {
    it('opens what it sealed, and never shows the clear value', () => {
      const sealed = sealEnvelope(kek, '11010519491231002X', 'identity.persons:42:id_number', algorithm);
      assert.ok(!sealed.includes('11010519491231002X'));
      assert.equal(openEnvelope([oldKek, kek], sealed, 'identity.persons:42:id_number').toString(), '11010519491231002X');
    });

    it('gives a different envelope each time', () => {
      assert.notEqual(sealEnvelope(kek, 'same', 'aad', algorithm), sealEnvelope(kek, 'same', 'aad', algorithm));
    });

    it('refuses other associated data, a flipped byte, and an unknown key', () => {
      const sealed = sealEnvelope(kek, '13800138000', 'persons:1:mobile', algorithm);
      assert.throws(() => openEnvelope([kek], sealed, 'persons:2:mobile'));
      const parts = sealed.split('.');
      const body = Buffer.from(parts[4], 'base64url');
      body[body.length - 20] ^= 1;
      parts[4] = body.toString('base64url');
      assert.throws(() => openEnvelope([kek], parts.join('.'), 'persons:1:mobile'));
      assert.throws(() => openEnvelope([oldKek], sealed, 'persons:1:mobile'), /k2026 is not configured/);
    });

    it('names the KEK when the key configured under its id is not the one that sealed it', () => {
      const sealed = sealEnvelope(kek, '13800138000', 'persons:1:mobile', algorithm);
      assert.throws(
        () => openEnvelope([{ id: 'k2026', key: randomBytes(32) }], sealed, 'persons:1:mobile'),
        /key-encryption key k2026 does not open this envelope/,
      );
    });

    it('re-wraps the data key under the current KEK without touching the ciphertext, and leaves an envelope already under it as it is', () => {
      const sealed = sealEnvelope(oldKek, '11010519491231002X', 'identity.persons:42:id_number', algorithm);
      const rewrapped = rewrapEnvelope([kek, oldKek], kek, sealed, 'identity.persons:42:id_number');
      assert.equal(envelopeKekId(rewrapped), 'k2026');
      assert.equal(rewrapped.split('.')[4], sealed.split('.')[4], 'the value itself is not sealed again');
      assert.equal(openEnvelope([kek], rewrapped, 'identity.persons:42:id_number').toString(), '11010519491231002X', 'the old KEK is no longer needed');
      assert.equal(rewrapEnvelope([kek], kek, rewrapped, 'identity.persons:42:id_number'), rewrapped);
      assert.throws(() => rewrapEnvelope([kek], kek, sealed, 'identity.persons:42:id_number'), /k2025 is not configured/);
      assert.throws(() => rewrapEnvelope([kek, oldKek], kek, sealed, 'identity.persons:43:id_number'), /k2025 does not open/);
    });
  });
}

describe('sealed values of earlier releases', () => {
  // Known answers, made by the first implementation: the stored format must not drift.
  const key = Buffer.alloc(32, 2);
  const value = '呼和浩特市示例路1号';
  const known = {
    'aes-256-gcm': { nonce: Buffer.alloc(12, 3), sealed: 'AwMDAwMDAwMDAwMDIGxHzIVzn8R0Qs2JZz_LUqRx9-a1GfiQybGQLTNjfglEy2WRXrLj5TRdyUw' },
    'sm4-ctr-hmac-sm3': {
      nonce: Buffer.alloc(16, 3),
      sealed: 'AwMDAwMDAwMDAwMDAwMDA-dXz0sMDKxyp-_bITohraHDKBOGq8o6oEq1BTAgqKX85smGaX83u-rHUpX21d_rgfZRm-zQzpeAgfwYwQ',
    },
  } as const;
  for (const [algorithm, { nonce, sealed }] of Object.entries(known) as [EnvelopeAlgorithm, (typeof known)[EnvelopeAlgorithm]][]) {
    it(`are sealed the same way from a string or from bytes, and still open (${algorithm})`, () => {
      assert.equal(sealBytes(algorithm, key, value, 'batch:row:field', nonce).toString('base64url'), sealed);
      assert.equal(sealBytes(algorithm, key, Buffer.from(value), 'batch:row:field', nonce).toString('base64url'), sealed);
      assert.equal(openBytes(algorithm, key, Buffer.from(sealed, 'base64url'), 'batch:row:field').toString(), value);
    });
  }
});
