import { z } from 'zod';
import { busEnv } from '../bus/bus-env.js';
import { LocalCalendar } from '../calendar/local-calendar.js';
import { streamEnv } from '../events/stream-settings.js';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * Validates the environment against an app's schema. Fails fast with one line per bad or
 * missing variable, naming it, so an operator fixes all of them in one go.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.output<S> {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = schema.safeParse(present);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const name = issue.path.join('.') || '(environment)';
      return env[name] === undefined ? `${name} is missing: ${issue.message}` : `${name} is invalid: ${issue.message}`;
    }),
  );
}

const url = (protocols: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
  );

const commaSeparatedUrls = (protocols: string[]) =>
  z.string().refine((value) => value.split(',').every((part) => url(protocols).safeParse(part.trim()).success), {
    message: `must be one or more comma-separated URLs starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
  });

/** Variables every app reads. */
export const platformEnv = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NATS_URL: commaSeparatedUrls(['nats:', 'tls:']).default('nats://127.0.0.1:4222'),
  NATS_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
  SUBJECT_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,32}$/, 'must be 1-32 letters, digits, "_" or "-"')
    .default(''),
  OTEL_EXPORTER_OTLP_ENDPOINT: url(['http:', 'https:']).optional(),
  /** The region's time zone: which local day daily quotas, validity dates and per-day figures count in. */
  TIME_ZONE: z.string().refine(LocalCalendar.isTimeZone, 'must be an IANA time zone such as Asia/Shanghai').default('Asia/Shanghai'),
  ...busEnv.shape,
  ...streamEnv.shape,
});
export type PlatformEnv = z.output<typeof platformEnv>;

/** Variables of an app that owns a database schema. */
export const databaseEnv = z.object({
  DATABASE_URL: url(['postgres:', 'postgresql:']).default('postgres://postgres@127.0.0.1:5432/igs'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
});

export const healthPortEnv = (defaultPort: number) =>
  z.object({
    HEALTH_HOST: z.string().min(1).default('127.0.0.1'),
    HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(defaultPort),
  });

/** A secret key given as base64: at least 32 bytes once decoded. */
export const base64KeyEnv = z.string().refine((value) => Buffer.from(value, 'base64').length >= 32, 'must be at least 32 bytes, base64-encoded');

/**
 * A fixed, public key for development only (its name says so); apps refuse to run with
 * one when NODE_ENV is production.
 */
export function developmentKey(label: string): string {
  return Buffer.from(`igs-development-only-${label}-key-`.padEnd(32, '0').slice(0, 32)).toString('base64');
}
