import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { openEnvelope, sealEnvelope, type EnvelopeAlgorithm } from './envelope.js';

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
  });
}
