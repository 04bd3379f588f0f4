// The closed bus of the local stack and the benchmarks: an nkey per app (kept in a folder,
// made once), the nats-server configuration generated from the contracts, and the
// environment each app is started with.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './infra.mjs';

const load = async (lib) => (await import(join(root, 'libs', lib, 'dist', 'src', 'index.js'))).default;

/** The users of the bus: every app, and the benchmark's echo responder. */
async function busUsers() {
  const { busApps, diagnosticsApp } = await load('contracts');
  return { apps: [...busApps], diagnostics: diagnosticsApp };
}

/**
 * Each app's seed (and the echo responder's, with diagnostics) in `<dir>/<user>.nk`
 * (readable by the owner only), made where missing,
 * and the public keys each user may connect and sign with: its current key, and the one
 * it had before (`<user>.previous.nk`) while a rotation is under way. A second start
 * finds the same keys.
 */
export async function ensureBusKeys(dir, { withDiagnostics = false } = {}) {
  const { newUserNkey, nkeyFromSeed } = await load('platform');
  const { apps, diagnostics } = await busUsers();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const publicKeys = {};
  for (const user of withDiagnostics ? [...apps, diagnostics] : apps) {
    const file = join(dir, `${user}.nk`);
    if (!existsSync(file)) writeSeed(file, newUserNkey().seed);
    const previous = join(dir, `${user}.previous.nk`);
    publicKeys[user] = [previous, file].filter(existsSync).map((path) => nkeyFromSeed(readFileSync(path, 'utf8')).publicKey);
  }
  return publicKeys;
}

/** Makes a new key for a user and keeps its current one as the previous key, for a rotation. */
export async function rotateBusKey(dir, user) {
  const { newUserNkey } = await load('platform');
  const file = join(dir, `${user}.nk`);
  if (!existsSync(file)) throw new Error(`${file} does not exist: nothing to rotate`);
  renameSync(file, join(dir, `${user}.previous.nk`));
  writeSeed(file, newUserNkey().seed);
}

/** Ends a rotation: the previous key may no longer connect or sign. */
export function retireBusKey(dir, user) {
  rmSync(join(dir, `${user}.previous.nk`), { force: true });
}

function writeSeed(file, seed) {
  writeFileSync(file, `${seed}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}

/** The generated part of the server configuration (users and permissions), and BUS_CALLER_KEYS. */
export async function busAuthorization({ keysDir, prefix = '', diagnostics = false }) {
  const { natsServerConfig, busCallerKeys } = await load('platform');
  const { apps, diagnostics: diagnosticsUser } = await busUsers();
  const publicKeys = await ensureBusKeys(keysDir, { withDiagnostics: diagnostics });
  const users = Object.fromEntries(apps.map((app) => [app, publicKeys[app]]));
  return {
    config: natsServerConfig({ prefix, users, diagnostics: diagnostics ? publicKeys[diagnosticsUser].at(-1) : undefined }),
    callerKeys: busCallerKeys(users),
  };
}

/** A whole server configuration for the stack tools: where it listens and stores, then the generated part. */
export async function closedBusConfig({ keysDir, storeDir, port, prefix = '', diagnostics = false }) {
  const { config, callerKeys } = await busAuthorization({ keysDir, prefix, diagnostics });
  return { config: [`listen: "127.0.0.1:${port}"`, `jetstream { store_dir: ${JSON.stringify(storeDir)} }`, config].join('\n'), callerKeys };
}

/**
 * The bus variables of one app started by the stack tools: its own seed file, and the keys
 * of the apps whose callers it accepts. `env` is what the stack passes to every app.
 */
export function busEnvFor(app, env) {
  if (!env.BUS_KEYS_DIR) return {};
  return { NATS_NKEY_SEED_FILE: join(env.BUS_KEYS_DIR, `${app}.nk`), BUS_CALLER_KEYS: env.BUS_CALLER_KEYS };
}
