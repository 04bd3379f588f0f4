export { createGatewayApp } from './gateway-app.js';
export { gatewayEnv, loadGatewayConfig, type GatewayConfig } from './config.js';
/** Read by the end-to-end specs: what the gateway's copy of the identity events holds. */
export { Revocations } from './auth/revocations.js';
