export * from './identifiers/resident-id.js';
export * from './identifiers/social-credit-code.js';
export * from './tokens/keyed-token.js';
export * from './envelope/envelope.js';
export * from './envelope/data-key.js';
