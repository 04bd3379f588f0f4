export { createGatewayApp } from './gateway-app.js';
export { gatewayEnv, loadGatewayConfig, type GatewayConfig } from './config.js';
