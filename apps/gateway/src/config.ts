import { loadConfig, platformEnv } from '@igs/platform';
import { z } from 'zod';

export const gatewayEnv = platformEnv.extend({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024),
  TRUST_PROXY: z.stringbool().default(false),
});
export type GatewayConfig = z.output<typeof gatewayEnv>;

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return loadConfig(gatewayEnv, env);
}
