import type { Logger } from 'pino';

export const LOGGER = Symbol('LOGGER');
export type AppLogger = Logger;
