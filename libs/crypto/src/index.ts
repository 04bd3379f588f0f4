export { checkResidentId, residentIdCheckCharacter } from './identifiers/resident-id.js';
export type { IdentifierCheck } from './identifiers/resident-id.js';
export { checkSocialCreditCode, socialCreditCheckCharacter } from './identifiers/social-credit-code.js';
export { keyedToken, tokenKeyObject } from './tokens/keyed-token.js';
export type { TokenAlgorithm } from './tokens/keyed-token.js';
export { envelopeKekId, openBytes, openEnvelope, rewrapEnvelope, sealBytes, sealEnvelope } from './envelope/envelope.js';
export type { EnvelopeAlgorithm, KeyEncryptionKey } from './envelope/envelope.js';
export { DataKey } from './envelope/data-key.js';
