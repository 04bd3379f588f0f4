export { createExchangeApp } from './exchange-app.js';
export { exchangeEnv, loadExchangeConfig, type ExchangeConfig } from './config.js';
export { CallService } from './calls/call.service.js';
/** Read by the end-to-end specs: what the exchange's copy of the docking and negative lists holds. */
export { AuthorizationCopy } from './calls/authorization-copy.js';
