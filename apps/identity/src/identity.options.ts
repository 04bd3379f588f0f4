import type { IdentityConfig } from './config.js';

export const IDENTITY_CONFIG = Symbol('IDENTITY_CONFIG');
export type { IdentityConfig };

export function keyEncryptionKey(config: IdentityConfig) {
  return { id: config.IDENTITY_KEK_ID, key: Buffer.from(config.IDENTITY_KEK, 'base64').subarray(0, 32) };
}

export function tokenKey(config: IdentityConfig): Buffer {
  return Buffer.from(config.IDENTITY_TOKEN_KEY, 'base64');
}
