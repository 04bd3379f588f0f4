import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { openBytes, openEnvelope, sealBytes, sealEnvelope, type EnvelopeAlgorithm, type KeyEncryptionKey } from './envelope.js';

/**
 * A data key shared by the many values of one load batch: it is made once, stored wrapped
 * by the key-encryption key beside the batch, and each value is sealed with it and its
 * own random nonce. Sealing a million values then costs a million symmetric operations,
 * not a million key wraps.
 */
export class DataKey {
  /**
   * Nonces are a random prefix fixed for this key and a counter (the deterministic
   * construction of NIST SP 800-38D): unique for every value sealed with the key, and far
   * cheaper than drawing random bytes for each of a million values.
   */
  private readonly noncePrefix = randomBytes(8);
  /** A Number, not a BigInt: exact up to 2^53 values per key, and no BigInt made per value. */
  private counter = 0;
  /** What the ciphers are given: imported once for AES-GCM; for SM4 the bytes, split on each use. */
  private readonly cipherKey: Buffer | KeyObject;

  private constructor(
    readonly algorithm: EnvelopeAlgorithm,
    key: Buffer,
    /** The key sealed by the key-encryption key, to store beside the batch. */
    readonly wrapped: string,
  ) {
    this.cipherKey = algorithm === 'aes-256-gcm' ? createSecretKey(key) : key;
  }

  static create(kek: KeyEncryptionKey, scope: string, algorithm: EnvelopeAlgorithm = 'aes-256-gcm'): DataKey {
    const key = randomBytes(32);
    return new DataKey(algorithm, key, sealEnvelope(kek, key, `data-key:${scope}`, algorithm));
  }

  static unwrap(keks: KeyEncryptionKey[], wrapped: string, scope: string): DataKey {
    const algorithm = wrapped.split('.')[1] as EnvelopeAlgorithm;
    return new DataKey(algorithm, openEnvelope(keks, wrapped, `data-key:${scope}`), wrapped);
  }

  seal(plaintext: string, associatedData: string): string {
    this.counter += 1;
    if (!Number.isSafeInteger(this.counter)) throw new Error('a data key has sealed as many values as its nonces allow');
    const nonce = Buffer.allocUnsafe(this.algorithm === 'aes-256-gcm' ? 12 : 16);
    this.noncePrefix.copy(nonce, 0, 0, nonce.length - 8);
    // The counter as a 64-bit big-endian number, as the BigInt it was written with before.
    nonce.writeUInt32BE(Math.floor(this.counter / 2 ** 32), nonce.length - 8);
    nonce.writeUInt32BE(this.counter >>> 0, nonce.length - 4);
    return sealBytes(this.algorithm, this.cipherKey, plaintext, associatedData, nonce).toString('base64url');
  }

  open(sealed: string, associatedData: string): string {
    return openBytes(this.algorithm, this.cipherKey, Buffer.from(sealed, 'base64url'), associatedData).toString();
  }
}
