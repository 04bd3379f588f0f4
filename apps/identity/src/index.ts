export { createIdentityApp } from './identity-app.js';
export { identityEnv, loadIdentityConfig, type IdentityConfig } from './config.js';
export { SigningKeys } from './keys/signing-keys.service.js';
export { MemorySmsSender, SmsSender } from './sms/sms-sender.js';
