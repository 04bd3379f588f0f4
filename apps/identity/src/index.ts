export { createIdentityApp } from './identity-app.js';
export { identityEnv, loadIdentityConfig, type IdentityConfig } from './config.js';
