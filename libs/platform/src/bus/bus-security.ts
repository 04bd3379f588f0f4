import { readFileSync } from 'node:fs';
import {
  credsAuthenticator,
  nkeyAuthenticator,
  tokenAuthenticator,
  usernamePasswordAuthenticator,
  type Authenticator,
  type TlsOptions,
} from '@nats-io/transport-node';
import { ConfigError } from '../config/load-config.js';
import type { BusEnv as BusVariables } from './bus-env.js';
import { CallerSigner, CallerVerifier } from './caller-assertion.js';
import { nkeyFromSeed, nkeyPublicKey } from './nkeys.js';

/** How an app proves itself to NATS, and the callers it signs and checks. */
export interface BusSecurity {
  /** The server URLs without any credentials written into them. */
  servers: string[];
  authenticator?: Authenticator;
  tls?: TlsOptions;
  /** Present when the app has an nkey: it signs the callers of its requests. */
  signer?: CallerSigner;
  /** Present when the apps' public keys are configured: callers must be signed by one of them. */
  verifier?: CallerVerifier;
}

type BusEnv = BusVariables & { NATS_URL: string; NODE_ENV: string };

/**
 * Reads an app's bus credentials. Credentials in NATS_URL (`nats://user:pass@host`) are
 * taken out of the URL and used, never silently dropped; given together with an nkey they
 * are refused. In production an app must have an nkey and the apps' public keys, so that
 * its bus is closed and its callers verified.
 */
export function busSecurityFrom(app: string, env: BusEnv): BusSecurity {
  const problems: string[] = [];
  const servers: string[] = [];
  let urlAuth: Authenticator | undefined;
  for (const part of env.NATS_URL.split(',').map((s) => s.trim())) {
    const url = new URL(part);
    if (url.username || url.password) {
      const user = decodeURIComponent(url.username);
      const pass = decodeURIComponent(url.password);
      urlAuth = pass ? usernamePasswordAuthenticator(user, pass) : tokenAuthenticator(user);
      url.username = '';
      url.password = '';
    }
    servers.push(url.toString().replace(/\/$/, ''));
  }
  const creds = readSecretFile(env.NATS_CREDS_FILE, 'NATS_CREDS_FILE', problems);
  const credsSeed = creds === undefined ? undefined : /-----BEGIN USER NKEY SEED-----\s+(\S+)\s+------END USER NKEY SEED------/.exec(creds)?.[1];
  if (creds !== undefined && !credsSeed) problems.push('NATS_CREDS_FILE is invalid: it holds no user nkey seed');
  const ownSeed = env.NATS_NKEY_SEED ?? readSecretFile(env.NATS_NKEY_SEED_FILE, 'NATS_NKEY_SEED_FILE', problems);
  const seed = ownSeed ?? credsSeed;
  const ways = [ownSeed && 'NATS_NKEY_SEED', creds && 'NATS_CREDS_FILE', env.NATS_USER && 'NATS_USER', urlAuth && 'credentials in NATS_URL'].filter(Boolean);
  if (ways.length > 1) problems.push(`NATS credentials are given twice (${ways.join(', ')}): give one`);
  if (env.NATS_PASSWORD && !env.NATS_USER) problems.push('NATS_PASSWORD is given without NATS_USER');
  let signer: CallerSigner | undefined;
  let authenticator = urlAuth ?? (env.NATS_USER ? usernamePasswordAuthenticator(env.NATS_USER, env.NATS_PASSWORD) : undefined);
  if (seed) {
    try {
      const pair = nkeyFromSeed(seed);
      authenticator = creds ? credsAuthenticator(new TextEncoder().encode(creds)) : nkeyAuthenticator(new TextEncoder().encode(seed.trim()));
      signer = new CallerSigner(app, pair.publicKey, pair.privateKey);
    } catch {
      problems.push('NATS_NKEY_SEED is invalid: must be a user nkey seed (SU…)');
    }
  }
  let verifier: CallerVerifier | undefined;
  if (env.BUS_CALLER_KEYS) {
    const keys = new Map<string, { app: string; key: ReturnType<typeof nkeyPublicKey> }>();
    for (const entry of env.BUS_CALLER_KEYS.split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const [app, publicKey = ''] = entry.split('=');
      try {
        keys.set(publicKey, { app, key: nkeyPublicKey(publicKey) });
      } catch {
        problems.push(`BUS_CALLER_KEYS is invalid: "${app}" must be given as app=U… (a public user nkey)`);
      }
    }
    verifier = new CallerVerifier(keys);
  }
  if (env.NODE_ENV === 'production') {
    if (!seed) problems.push('NATS_NKEY_SEED (or NATS_NKEY_SEED_FILE, or NATS_CREDS_FILE) is missing: is required in production');
    if (!env.BUS_CALLER_KEYS) problems.push('BUS_CALLER_KEYS is missing: is required in production');
  }
  const tls = tlsOptions(env, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return { servers, authenticator, tls, signer, verifier };
}

function tlsOptions(env: BusEnv, problems: string[]): TlsOptions | undefined {
  if (!env.NATS_TLS_CA_FILE && !env.NATS_TLS_CERT_FILE && !env.NATS_TLS_KEY_FILE) return undefined;
  if (Boolean(env.NATS_TLS_CERT_FILE) !== Boolean(env.NATS_TLS_KEY_FILE)) problems.push('NATS_TLS_CERT_FILE and NATS_TLS_KEY_FILE go together');
  return { caFile: env.NATS_TLS_CA_FILE, certFile: env.NATS_TLS_CERT_FILE, keyFile: env.NATS_TLS_KEY_FILE };
}

function readSecretFile(path: string | undefined, name: string, problems: string[]): string | undefined {
  if (!path) return undefined;
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (error) {
    problems.push(`${name} is invalid: cannot read ${path} (${(error as NodeJS.ErrnoException).code})`);
    return undefined;
  }
}
