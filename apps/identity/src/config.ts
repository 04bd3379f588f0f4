import { base64KeyEnv, databaseEnv, developmentKey, healthPortEnv, kekIdEnv, loadConfig, platformEnv, previousKeksEnv } from '@igs/platform';
import { z } from 'zod';

export const identityEnv = platformEnv
  .extend(databaseEnv.shape)
  .extend(healthPortEnv(8083).shape)
  .extend({
    IDENTITY_HOST: z.string().min(1).default('127.0.0.1'),
    IDENTITY_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
    ISSUER: z.url().optional(),
    API_AUDIENCE: z.string().min(1).default('urn:igs:api'),
    ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(3600).default(600),
    IDENTITY_KEK: base64KeyEnv.optional(),
    IDENTITY_KEK_ID: kekIdEnv.default('dev'),
    /** While a KEK is rotated: the earlier ones, `<id>:<base64>,...`, which open what they wrapped (k8s/README.md, "Rotating a KEK"). */
    IDENTITY_KEK_PREVIOUS: previousKeksEnv,
    IDENTITY_TOKEN_KEY: base64KeyEnv.optional(),
    IDENTITY_COOKIE_KEY: base64KeyEnv.optional(),
    IDENTITY_REALM_FILE: z.string().optional(),
    /** Trust X-Forwarded-* (client address, scheme, host) only behind a proxy that sets them. */
    TRUST_PROXY: z.stringbool().default(false),
    /** Failed logins per account before answers slow down, and before the account locks for a while. */
    LOGIN_SLOW_AFTER: z.coerce.number().int().min(1).default(3),
    LOGIN_LOCK_AFTER: z.coerce.number().int().min(2).default(10),
    LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).default(15),
    LOGIN_DELAY_MS: z.coerce.number().int().min(0).max(4000).default(250),
    /** The same per source address, higher because many people may share one (a service hall). */
    LOGIN_SOURCE_LOCK_AFTER: z.coerce.number().int().min(2).default(50),
  })
  .superRefine((env, ctx) => {
    if (env.IDENTITY_KEK_PREVIOUS.some((kek) => kek.id === env.IDENTITY_KEK_ID)) {
      ctx.addIssue({
        code: 'custom',
        path: ['IDENTITY_KEK_PREVIOUS'],
        message: `lists ${env.IDENTITY_KEK_ID}, the id of the current IDENTITY_KEK: a new KEK needs a new id`,
      });
    }
    if (env.NODE_ENV !== 'production') return;
    for (const name of ['IDENTITY_KEK', 'IDENTITY_TOKEN_KEY', 'IDENTITY_COOKIE_KEY', 'ISSUER'] as const) {
      if (!env[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'is required in production' });
    }
  })
  .transform((env) => ({
    ...env,
    ISSUER: env.ISSUER ?? `http://${env.IDENTITY_HOST === '0.0.0.0' ? '127.0.0.1' : env.IDENTITY_HOST}:${env.IDENTITY_PORT}/oidc`,
    IDENTITY_KEK: env.IDENTITY_KEK ?? developmentKey('kek'),
    IDENTITY_TOKEN_KEY: env.IDENTITY_TOKEN_KEY ?? developmentKey('token'),
    IDENTITY_COOKIE_KEY: env.IDENTITY_COOKIE_KEY ?? developmentKey('cookie'),
  }));
export type IdentityConfig = z.output<typeof identityEnv>;

export function loadIdentityConfig(env: NodeJS.ProcessEnv = process.env): IdentityConfig {
  return loadConfig(identityEnv, env);
}
