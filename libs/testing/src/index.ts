export * from './test-database.js';
export * from './test-nats.js';
export * from './silent-logger.js';
export * from './test-bus.js';
export * from './collect-events.js';
export * from './item-fixture.js';
export * from './free-port.js';
export * from './catalog-fixture.js';
