import { loadConfig, platformEnv } from '@igs/platform';
import { z } from 'zod';

export const gatewayEnv = platformEnv.extend({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024),
  /** Bulk import files (NDJSON, CSV) may be larger than ordinary JSON bodies. */
  IMPORT_LIMIT_BYTES: z.coerce.number().int().min(1024).max(1024 * 1024 * 1024).default(256 * 1024 * 1024),
  TRUST_PROXY: z.stringbool().default(false),
  OIDC_ISSUER: z.url().default('http://127.0.0.1:3001/oidc'),
  OIDC_JWKS_URL: z.url().optional(),
  API_AUDIENCE: z.string().min(1).default('urn:igs:api'),
  /** `off` serves every route to anonymous callers: only for measuring what authentication costs. */
  GATEWAY_AUTH: z.enum(['required', 'off']).default('required'),
  /** Adds POST /api/v1/diagnostics/echo (to a bare NATS responder), the data-call benchmark's baseline. */
  DIAGNOSTIC_ROUTES: z.stringbool().default(false),
}).refine((env) => !(env.GATEWAY_AUTH === 'off' && env.NODE_ENV === 'production'), {
  path: ['GATEWAY_AUTH'],
  message: 'cannot be off in production',
});
export type GatewayConfig = z.output<typeof gatewayEnv>;

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return loadConfig(gatewayEnv, env);
}
