import type { IdentityConfig } from './config.js';

export const IDENTITY_CONFIG = Symbol('IDENTITY_CONFIG');
export type { IdentityConfig };

/** The KEK that wraps everything sealed from now on. */
export function keyEncryptionKey(config: IdentityConfig) {
  return { id: config.IDENTITY_KEK_ID, key: Buffer.from(config.IDENTITY_KEK, 'base64').subarray(0, 32) };
}

/** The KEKs that open what is stored: the current one, and the earlier ones while a rotation is under way. */
export function keyEncryptionKeys(config: IdentityConfig) {
  return [keyEncryptionKey(config), ...config.IDENTITY_KEK_PREVIOUS];
}

export function tokenKey(config: IdentityConfig): Buffer {
  return Buffer.from(config.IDENTITY_TOKEN_KEY, 'base64');
}
