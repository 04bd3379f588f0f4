// The closed bus of the local stack and the benchmarks: an nkey per app (kept in a folder,
// made once), the nats-server configuration generated from the contracts, and the
// environment each app is started with.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './infra.mjs';

const load = async (lib) => (await import(join(root, 'libs', lib, 'dist', 'src', 'index.js'))).default;

/** The users of the bus: every app, and the benchmark's echo responder. */
async function busUsers() {
  const { busApps, diagnosticsApp } = await load('contracts');
  return { apps: [...busApps], diagnostics: diagnosticsApp };
}

/**
 * Each user's seed in `<dir>/<user>.nk` (readable by the owner only), made where missing,
 * and each public key: a second start finds the same keys.
 */
export async function ensureBusKeys(dir) {
  const { newUserNkey, nkeyFromSeed } = await load('platform');
  const { apps, diagnostics } = await busUsers();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const publicKeys = {};
  for (const user of [...apps, diagnostics]) {
    const file = join(dir, `${user}.nk`);
    if (!existsSync(file)) {
      writeFileSync(file, `${newUserNkey().seed}\n`, { mode: 0o600 });
      chmodSync(file, 0o600);
    }
    publicKeys[user] = nkeyFromSeed(readFileSync(file, 'utf8')).publicKey;
  }
  return publicKeys;
}

/** The server configuration (listen, store, and the generated users and permissions). */
export async function closedBusConfig({ keysDir, storeDir, port, prefix = '', diagnostics = false }) {
  const { natsServerConfig, busCallerKeys } = await load('platform');
  const { apps, diagnostics: diagnosticsUser } = await busUsers();
  const publicKeys = await ensureBusKeys(keysDir);
  const users = Object.fromEntries(apps.map((app) => [app, publicKeys[app]]));
  const config = [
    `listen: "127.0.0.1:${port}"`,
    `jetstream { store_dir: ${JSON.stringify(storeDir)} }`,
    natsServerConfig({ prefix, users, diagnostics: diagnostics ? publicKeys[diagnosticsUser] : undefined }),
  ].join('\n');
  return { config, callerKeys: busCallerKeys(users) };
}

/**
 * The bus variables of one app started by the stack tools: its own seed file, and the keys
 * of the apps whose callers it accepts. `env` is what the stack passes to every app.
 */
export function busEnvFor(app, env) {
  if (!env.BUS_KEYS_DIR) return {};
  return { NATS_NKEY_SEED_FILE: join(env.BUS_KEYS_DIR, `${app}.nk`), BUS_CALLER_KEYS: env.BUS_CALLER_KEYS };
}
