import { databaseEnv, healthPortEnv, loadConfig, platformEnv } from '@igs/platform';
import type { z } from 'zod';

export const exchangeEnv = platformEnv.extend(databaseEnv.shape).extend(healthPortEnv(8082).shape);
export type ExchangeConfig = z.output<typeof exchangeEnv>;

export function loadExchangeConfig(env: NodeJS.ProcessEnv = process.env): ExchangeConfig {
  return loadConfig(exchangeEnv, env);
}
