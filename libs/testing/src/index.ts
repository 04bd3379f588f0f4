export * from './test-database.js';
export * from './test-nats.js';
export * from './silent-logger.js';
