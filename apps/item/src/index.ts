export { createItemApp } from './item-app.js';
export { itemEnv, loadItemConfig, type ItemConfig } from './config.js';
