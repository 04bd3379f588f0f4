import type { ExchangeConfig } from './config.js';

export const EXCHANGE_CONFIG = Symbol('EXCHANGE_CONFIG');
export type { ExchangeConfig };

/** The key-encryption key that wraps the data key of every loaded batch. */
export function dataKek(config: ExchangeConfig) {
  return { id: config.DATA_KEK_ID, key: Buffer.from(config.DATA_KEK, 'base64').subarray(0, 32) };
}
