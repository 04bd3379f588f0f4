import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual, type Cipher, type KeyObject } from 'node:crypto';

export type EnvelopeAlgorithm = 'aes-256-gcm' | 'sm4-ctr-hmac-sm3';

/** A key-encryption key, known by its id so it can be rotated while old envelopes still open. */
export interface KeyEncryptionKey {
  id: string;
  key: Buffer;
}

/**
 * Envelope encryption: each value gets a fresh data key, the data key is wrapped by the
 * key-encryption key (from config, or a KMS in production), and the associated data binds
 * the ciphertext to its row and column so it cannot be moved elsewhere.
 *
 * Format: `v1.<alg>.<kekId>.<wrapped data key>.<ciphertext>` (base64url parts).
 */
export function sealEnvelope(kek: KeyEncryptionKey, plaintext: Buffer | string, associatedData: string, algorithm: EnvelopeAlgorithm = 'aes-256-gcm'): string {
  assertKek(kek);
  const dataKey = randomBytes(32);
  const wrapped = sealBytes(algorithm, kek.key, dataKey, `${associatedData}|dek`);
  const ciphertext = sealBytes(algorithm, dataKey, Buffer.from(plaintext), associatedData);
  return ['v1', algorithm, kek.id, wrapped.toString('base64url'), ciphertext.toString('base64url')].join('.');
}

export function openEnvelope(keks: KeyEncryptionKey[], envelope: string, associatedData: string): Buffer {
  const { algorithm, kekId, wrapped, ciphertext } = parseEnvelope(envelope);
  const dataKey = unwrapDataKey(keks, algorithm, kekId, wrapped, associatedData);
  return openBytes(algorithm, dataKey, Buffer.from(ciphertext, 'base64url'), associatedData);
}

/** The KEK an envelope's data key is wrapped with. */
export function envelopeKekId(envelope: string): string {
  return parseEnvelope(envelope).kekId;
}

/**
 * The same envelope with its data key wrapped by `current` instead of the KEK it was sealed
 * under (one of `keks`): the ciphertext is untouched, so the value is never decrypted. An
 * envelope already under `current` is given back as it is, so running a re-wrap again is free.
 */
export function rewrapEnvelope(keks: KeyEncryptionKey[], current: KeyEncryptionKey, envelope: string, associatedData: string): string {
  const { algorithm, kekId, wrapped, ciphertext } = parseEnvelope(envelope);
  if (kekId === current.id) return envelope;
  assertKek(current);
  const dataKey = unwrapDataKey(keks, algorithm, kekId, wrapped, associatedData);
  const rewrapped = sealBytes(algorithm, current.key, dataKey, `${associatedData}|dek`);
  return ['v1', algorithm, current.id, rewrapped.toString('base64url'), ciphertext].join('.');
}

function parseEnvelope(envelope: string) {
  const [version, algorithm, kekId, wrapped, ciphertext] = envelope.split('.');
  if (version !== 'v1' || (algorithm !== 'aes-256-gcm' && algorithm !== 'sm4-ctr-hmac-sm3') || !kekId || !wrapped || !ciphertext) {
    throw new Error('not an envelope of a known format');
  }
  return { algorithm: algorithm as EnvelopeAlgorithm, kekId, wrapped, ciphertext };
}

function unwrapDataKey(keks: KeyEncryptionKey[], algorithm: EnvelopeAlgorithm, kekId: string, wrapped: string, associatedData: string): Buffer {
  const kek = keks.find((k) => k.id === kekId);
  if (!kek) throw new Error(`key-encryption key ${kekId} is not configured`);
  try {
    return openBytes(algorithm, kek.key, Buffer.from(wrapped, 'base64url'), `${associatedData}|dek`);
  } catch (error) {
    // The key configured under this id is not the one that sealed it (or the envelope was altered).
    throw new Error(
      `key-encryption key ${kekId} does not open this envelope: the key configured under that id is wrong, or the envelope belongs to another field or was altered`,
      { cause: error },
    );
  }
}

function assertKek(kek: KeyEncryptionKey): void {
  if (kek.key.length !== 32) throw new Error('a key-encryption key must be 32 bytes');
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(kek.id)) throw new Error('a key-encryption key id must be 1-32 letters, digits, "_" or "-"');
}

/**
 * Seals with a key the caller holds (a data key shared by many values); AES-GCM or SM4 + HMAC-SM3.
 * A key used many times can be given as a KeyObject for AES-GCM: each cipher then skips
 * importing the key bytes (a third of a short value's cost).
 */
export function sealBytes(algorithm: EnvelopeAlgorithm, key: Buffer | KeyObject, plaintext: Buffer | string, associatedData: string, nonce?: Buffer): Buffer {
  if (algorithm === 'aes-256-gcm') {
    const iv = nonce ?? randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(associatedData));
    // GCM is a stream mode: update gives the whole ciphertext and final() only the tag, so
    // the output is put together once.
    const body = encrypt(cipher, plaintext);
    cipher.final();
    return Buffer.concat([iv, body, cipher.getAuthTag()]);
  }
  // SM4 has no GCM mode in Node: CTR for secrecy, then HMAC-SM3 over everything (encrypt-then-MAC).
  const { encryptionKey, macKey } = splitSm4Keys(rawKey(key));
  const iv = nonce ?? randomBytes(16);
  const cipher = createCipheriv('sm4-ctr', encryptionKey, iv);
  const body = Buffer.concat([encrypt(cipher, plaintext), cipher.final()]);
  return Buffer.concat([iv, body, sm3Mac(macKey, iv, body, associatedData)]);
}

export function openBytes(algorithm: EnvelopeAlgorithm, key: Buffer | KeyObject, sealed: Buffer, associatedData: string): Buffer {
  if (algorithm === 'aes-256-gcm') {
    if (sealed.length < 28) throw new Error('envelope is truncated');
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
    decipher.setAAD(Buffer.from(associatedData));
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    return Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]);
  }
  if (sealed.length < 48) throw new Error('envelope is truncated');
  const { encryptionKey, macKey } = splitSm4Keys(rawKey(key));
  const iv = sealed.subarray(0, 16);
  const body = sealed.subarray(16, sealed.length - 32);
  const mac = sealed.subarray(sealed.length - 32);
  if (!timingSafeEqual(mac, sm3Mac(macKey, iv, body, associatedData))) throw new Error('envelope authentication failed');
  const decipher = createDecipheriv('sm4-ctr', encryptionKey, iv);
  return Buffer.concat([decipher.update(body), decipher.final()]);
}

/** A string is encoded by the cipher itself rather than copied into a Buffer first. */
function encrypt(cipher: Cipher, plaintext: Buffer | string): Buffer {
  return typeof plaintext === 'string' ? cipher.update(plaintext, 'utf8') : cipher.update(plaintext);
}

function rawKey(key: Buffer | KeyObject): Buffer {
  return Buffer.isBuffer(key) ? key : key.export();
}

function splitSm4Keys(key: Buffer) {
  return { encryptionKey: key.subarray(0, 16), macKey: key.subarray(16) };
}

function sm3Mac(key: Buffer, iv: Buffer, body: Buffer, associatedData: string): Buffer {
  return createHmac('sm3', key).update(iv).update(body).update(associatedData).digest();
}
