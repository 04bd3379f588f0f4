export const EXCHANGE_CONFIG = Symbol('EXCHANGE_CONFIG');
export type { ExchangeConfig } from './config.js';
