import { databaseEnv, healthPortEnv, loadConfig, platformEnv } from '@igs/platform';
import { z } from 'zod';

export const exchangeEnv = platformEnv
  .extend(databaseEnv.shape)
  .extend(healthPortEnv(8082).shape)
  .extend({
    /** A demand not answered within this many working days is shown as overdue. */
    DEMAND_DUE_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(5),
  });
export type ExchangeConfig = z.output<typeof exchangeEnv>;

export function loadExchangeConfig(env: NodeJS.ProcessEnv = process.env): ExchangeConfig {
  return loadConfig(exchangeEnv, env);
}
