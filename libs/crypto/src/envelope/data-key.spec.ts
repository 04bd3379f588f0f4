import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { DataKey } from './data-key.js';

const kek = { id: 'k1', key: randomBytes(32) };

describe(DataKey.name, () => {
  for (const algorithm of ['aes-256-gcm', 'sm4-ctr-hmac-sm3'] as const) {
    it(`seals many values under one wrapped key and opens them after unwrapping (${algorithm})`, () => {
      const key = DataKey.create(kek, 'batch-1', algorithm);
      const sealed = key.seal('13800471001', 'row-1:mobile');
      assert.ok(!sealed.includes('13800471001'));
      const again = DataKey.unwrap([kek], key.wrapped, 'batch-1');
      assert.equal(again.open(sealed, 'row-1:mobile'), '13800471001');
      assert.throws(() => again.open(sealed, 'row-2:mobile'), 'bound to its row and field');
      assert.throws(() => DataKey.unwrap([kek], key.wrapped, 'batch-2'), 'bound to its batch');
      const nonces = new Set(
        Array.from({ length: 1000 }, () =>
          Buffer.from(key.seal('x', 'a'), 'base64url')
            .subarray(0, algorithm === 'aes-256-gcm' ? 12 : 16)
            .toString('hex'),
        ),
      );
      assert.equal(nonces.size, 1000, 'no nonce is used twice under one key');
      // The nonce is the key's fixed prefix, then its counter as a 64-bit big-endian number.
      const nonceLength = algorithm === 'aes-256-gcm' ? 12 : 16;
      const [first, second] = [key.seal('a', 'b'), key.seal('a', 'b')].map((s) => Buffer.from(s, 'base64url').subarray(0, nonceLength));
      assert.deepEqual(first.subarray(0, nonceLength - 8), second.subarray(0, nonceLength - 8));
      assert.equal(first.readBigUInt64BE(nonceLength - 8), 1002n);
      assert.equal(second.readBigUInt64BE(nonceLength - 8), 1003n);
    });
  }
});
