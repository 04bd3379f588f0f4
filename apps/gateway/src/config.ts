import { healthPortEnv, loadConfig, platformEnv } from '@igs/platform';
import { z } from 'zod';

/** `client-id=rate,client-id=rate`: the department apps whose rate differs from the default. */
const appRates = z
  .string()
  .default('')
  .transform((text, ctx) => {
    const rates = new Map<string, number>();
    for (const part of text
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean)) {
      const match = /^([^=\s]+)=(\d{1,9})$/.exec(part);
      if (!match) {
        ctx.addIssue({ code: 'custom', message: `"${part}" is not <client id>=<requests per second>` });
        return z.NEVER;
      }
      rates.set(match[1], Number(match[2]));
    }
    return rates;
  });
const perSecond = z.coerce.number().int().min(0).max(1_000_000_000);

export const gatewayEnv = platformEnv
  .extend(healthPortEnv(8080).shape)
  .extend({
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    BODY_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(64 * 1024 * 1024)
      .default(1024 * 1024),
    /** Bulk import files (NDJSON, CSV) may be larger than ordinary JSON bodies; only the import and load routes take them. */
    IMPORT_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(1024 * 1024 * 1024)
      .default(256 * 1024 * 1024),
    /** How long a client may take to send a request's headers (an idle new connection included). */
    HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
    /**
     * How long an ordinary body may take to arrive, and how long an upload may pause: an upload
     * is read as fast as the services take its rows, so only the waits for the client count.
     */
    BODY_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
    /** Open connections one client address may hold (0: no cap); the excess is answered 429 and closed. */
    MAX_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(0).max(1_000_000).default(256),
    TRUST_PROXY: z.stringbool().default(false),
    OIDC_ISSUER: z.url().default('http://127.0.0.1:3001/oidc'),
    OIDC_JWKS_URL: z.url().optional(),
    API_AUDIENCE: z.string().min(1).default('urn:igs:api'),
    /** Who answers for the API, named in the OpenAPI document's `info.contact`. */
    API_CONTACT_EMAIL: z.email().optional(),
    API_CONTACT_URL: z.url().optional(),
    /**
     * The identity service's access token lifetime, read from the same variable: a token made
     * to live longer (exp - iat) is refused, whoever signed it.
     */
    ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(3600).default(600),
    /** One JSON line per answer (log level info, so LOG_LEVEL warn hides them): on or off. */
    ACCESS_LOG: z.enum(['on', 'off']).default('on'),
    /** Fraction (0..1) of the data-call routes' successful answers logged; errors and other routes always are. */
    ACCESS_LOG_SAMPLE: z.coerce.number().min(0).max(1).default(1),
    /** `off` serves every route to anonymous callers: only for measuring what authentication costs. */
    GATEWAY_AUTH: z.enum(['required', 'off']).default('required'),
    /** Adds POST /api/v1/diagnostics/echo (to a bare NATS responder), the data-call benchmark's baseline. */
    DIAGNOSTIC_ROUTES: z.stringbool().default(false),
    // Requests per second one gateway replica lets each caller make (0: no limit). Apps are
    // counted by client id, people by subject, anonymous callers by address.
    RATE_LIMIT_APP_PER_SECOND: perSecond.default(1000),
    RATE_LIMIT_APPS: appRates,
    RATE_LIMIT_USER_PER_SECOND: perSecond.default(20),
    RATE_LIMIT_ANONYMOUS_PER_SECOND: perSecond.default(100),
  })
  .refine((env) => !(env.GATEWAY_AUTH === 'off' && env.NODE_ENV === 'production'), {
    path: ['GATEWAY_AUTH'],
    message: 'cannot be off in production',
  });
export type GatewayConfig = z.output<typeof gatewayEnv>;

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return loadConfig(gatewayEnv, env);
}
