export { createExchangeApp } from './exchange-app.js';
export { exchangeEnv, loadExchangeConfig, type ExchangeConfig } from './config.js';
export { CallService } from './calls/call.service.js';
