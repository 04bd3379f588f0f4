import { base64KeyEnv, databaseEnv, developmentKey, healthPortEnv, kekIdEnv, loadConfig, platformEnv, previousKeksEnv } from '@igs/platform';
import { z } from 'zod';

export const exchangeEnv = platformEnv
  .extend(databaseEnv.shape)
  .extend(healthPortEnv(8082).shape)
  .extend({
    /** A demand not answered within this many working days is shown as overdue. */
    DEMAND_DUE_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(5),
    /** Key of the irreversible tokens of personal fields (HMAC), and its algorithm. */
    DATA_TOKEN_KEY: base64KeyEnv.optional(),
    DATA_TOKEN_ALGORITHM: z.enum(['hmac-sha256', 'hmac-sm3']).default('hmac-sha256'),
    /** Key-encryption key wrapping the data keys of loaded batches, and the cipher of sealed values. */
    DATA_KEK: base64KeyEnv.optional(),
    DATA_KEK_ID: kekIdEnv.default('dev'),
    /** While a KEK is rotated: the earlier ones, `<id>:<base64>,...`, which open the data keys they wrapped. */
    DATA_KEK_PREVIOUS: previousKeksEnv,
    DATA_ENVELOPE_ALGORITHM: z.enum(['aes-256-gcm', 'sm4-ctr-hmac-sm3']).default('aes-256-gcm'),
    /** Worker threads that tokenise and seal loaded rows; 0 prepares them on the main thread. Default: one per core (a container's CPU limit counted), at most 4. */
    RESOURCE_WORKERS: z.coerce.number().int().min(0).max(16).optional(),
  })
  .superRefine((env, ctx) => {
    if (env.DATA_KEK_PREVIOUS.some((kek) => kek.id === env.DATA_KEK_ID)) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATA_KEK_PREVIOUS'],
        message: `lists ${env.DATA_KEK_ID}, the id of the current DATA_KEK: a new KEK needs a new id`,
      });
    }
    if (env.NODE_ENV !== 'production') return;
    for (const name of ['DATA_TOKEN_KEY', 'DATA_KEK'] as const) {
      if (!env[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'is required in production' });
    }
  })
  .transform((env) => ({
    ...env,
    DATA_TOKEN_KEY: env.DATA_TOKEN_KEY ?? developmentKey('data-token'),
    DATA_KEK: env.DATA_KEK ?? developmentKey('data-kek'),
  }));
export type ExchangeConfig = z.output<typeof exchangeEnv>;

export function loadExchangeConfig(env: NodeJS.ProcessEnv = process.env): ExchangeConfig {
  return loadConfig(exchangeEnv, env);
}
