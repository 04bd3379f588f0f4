import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { createUser, fromPublic, fromSeed } from '@nats-io/nkeys';

/**
 * An app's NATS credential: an nkey, which is an Ed25519 key pair. The server checks the
 * app's connection with it, and the same key signs the callers the app asserts
 * (caller-assertion.ts), so an app proves who it is with one secret, not two.
 *
 * The nkeys library signs in JavaScript (tweetnacl, milliseconds a signature); Node's
 * own Ed25519 does it in microseconds, so the raw keys are handed to node:crypto. nkeys
 * validates the encoded forms (prefix and checksum) first; only then are the 32 key bytes
 * taken out of the base32 text: a seed is 2 prefix bytes + 32 + a 2-byte checksum, a
 * public key 1 prefix byte + 32 + checksum.
 */
export interface NkeyPair {
  /** The public nkey (`U…`), as the server's configuration names the user. */
  publicKey: string;
  privateKey: KeyObject;
}

export function nkeyFromSeed(seed: string): NkeyPair {
  const text = seed.trim();
  const pair = fromSeed(new TextEncoder().encode(text));
  const publicKey = pair.getPublicKey();
  pair.clear();
  const d = base32Decode(text).subarray(2, 34);
  const x = base32Decode(publicKey).subarray(1, 33);
  return {
    publicKey,
    privateKey: createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d: d.toString('base64url'), x: x.toString('base64url') }, format: 'jwk' }),
  };
}

export function nkeyPublicKey(publicKey: string): KeyObject {
  fromPublic(publicKey);
  const x = base32Decode(publicKey).subarray(1, 33);
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: x.toString('base64url') }, format: 'jwk' });
}

/** A new user nkey: its seed (the secret an app is given) and its public key (for the server). */
export function newUserNkey(): { seed: string; publicKey: string } {
  const pair = createUser();
  return { seed: new TextDecoder().decode(pair.getSeed()), publicKey: pair.getPublicKey() };
}

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding, as nkeys encodes. */
function base32Decode(text: string): Buffer {
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of text) {
    const value = alphabet.indexOf(char);
    if (value < 0) throw new Error('not an nkey: a character outside base32');
    buffer = (buffer << 5) | value;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return Buffer.from(bytes);
}
