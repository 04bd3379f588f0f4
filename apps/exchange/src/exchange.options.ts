import type { ExchangeConfig } from './config.js';

export const EXCHANGE_CONFIG = Symbol('EXCHANGE_CONFIG');
export type { ExchangeConfig };

/** The key-encryption key that wraps the data key of every loaded batch. */
export function dataKek(config: ExchangeConfig) {
  return { id: config.DATA_KEK_ID, key: Buffer.from(config.DATA_KEK, 'base64').subarray(0, 32) };
}

/** The KEKs that open the stored data keys: the current one, and the earlier ones while a rotation is under way. */
export function dataKeks(config: ExchangeConfig) {
  return [dataKek(config), ...config.DATA_KEK_PREVIOUS];
}
