import { databaseEnv, healthPortEnv, loadConfig, platformEnv } from '@igs/platform';
import type { z } from 'zod';

export const itemEnv = platformEnv.extend(databaseEnv.shape).extend(healthPortEnv(8081).shape);
export type ItemConfig = z.output<typeof itemEnv>;

export function loadItemConfig(env: NodeJS.ProcessEnv = process.env): ItemConfig {
  return loadConfig(itemEnv, env);
}
