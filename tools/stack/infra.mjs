// PostgreSQL and NATS for the local stack: use what is configured or already running,
// otherwise start an embedded PostgreSQL and a nats-server with JetStream, keeping their
// data under .data/ so a second start finds it again.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import pg from 'pg';
import { closedBusConfig } from './bus.mjs';

export const root = new URL('../..', import.meta.url).pathname;
const dataDir = join(root, '.data');

export function portAnswers(port, host = '127.0.0.1', timeoutMs = 500) {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const done = (answer) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Creates the database if the server does not have it yet. */
export async function ensureDatabase(url) {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(url) {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '""')}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Returns a PostgreSQL server URL (without database) and a stop function for what it started. */
export async function ensurePostgres(log) {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => {}, source: 'DATABASE_URL' };
  if (await portAnswers(5432)) return { url: 'postgres://postgres@127.0.0.1:5432/igs', stop: async () => {}, source: 'PostgreSQL on 127.0.0.1:5432' };

  const port = Number(process.env.EMBEDDED_POSTGRES_PORT ?? 54329);
  log(`no PostgreSQL on 127.0.0.1:5432: starting an embedded one on port ${port} (data in .data/postgres)`);
  const child = spawn(process.execPath, [join(root, 'tools', 'stack', 'embedded-postgres.mjs'), join(dataDir, 'postgres'), String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr.on('data', (chunk) => log(`postgres: ${chunk.toString().trim()}`));
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => chunk.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`the embedded PostgreSQL exited with code ${code} before it was ready`)));
  });
  return { url: `postgres://postgres:postgres@127.0.0.1:${port}/igs`, stop: () => stopProcess(child), source: `embedded PostgreSQL on port ${port}` };
}

function stopProcess(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/**
 * Returns the bus for the stack: the NATS_URL given (with whatever credentials the
 * environment holds for it), or a nats-server started here as a closed bus: an nkey per
 * app under `<dataDir>/bus-keys` and the permissions generated from the contracts. It
 * listens on 127.0.0.1:4222 when that is free (`port`), else on a free port.
 * `env` is what every app of the stack gets (see busEnvFor for each app's own part).
 */
export async function ensureNats(log, { dir = dataDir, prefix = '', diagnostics = false, port } = {}) {
  if (process.env.NATS_URL) return { url: process.env.NATS_URL, env: { NATS_URL: process.env.NATS_URL }, stop: async () => {}, source: 'NATS_URL' };
  const binary = spawnSync('sh', ['-c', 'command -v nats-server'], { encoding: 'utf8' }).stdout.trim();
  if (!binary) {
    throw new Error(
      'nats-server is not installed.\n' +
        '  Install it (Debian/Ubuntu: `sudo apt-get install nats-server`; elsewhere see the NATS documentation),\n' +
        '  or point NATS_URL at a NATS server with JetStream enabled.',
    );
  }
  const listenPort = port ?? ((await portAnswers(4222)) ? await freePort() : 4222);
  const storeDir = join(dir, 'nats');
  const keysDir = join(dir, 'bus-keys');
  mkdirSync(storeDir, { recursive: true });
  const { config, callerKeys } = await closedBusConfig({ keysDir, storeDir, port: listenPort, prefix, diagnostics });
  const configFile = join(dir, 'nats.conf');
  writeFileSync(configFile, config, { mode: 0o600 });
  log(
    `starting ${binary} with JetStream on 127.0.0.1:${listenPort}, closed: one nkey per app (data in ${relative(root, dir) || '.'}/nats, keys in ${relative(root, dir) || '.'}/bus-keys)`,
  );
  const child = spawn(binary, ['-c', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr.on('data', (chunk) => {
    const text = chunk.toString();
    if (/\[(ERR|FTL)\]/.test(text)) log(`nats-server: ${text.trim()}`);
  });
  for (let i = 0; i < 50 && !(await portAnswers(listenPort)); i += 1) await new Promise((r) => setTimeout(r, 100));
  if (!(await portAnswers(listenPort))) throw new Error(`nats-server did not start listening on 127.0.0.1:${listenPort}`);
  const url = `nats://127.0.0.1:${listenPort}`;
  return {
    url,
    env: { NATS_URL: url, BUS_KEYS_DIR: keysDir, BUS_CALLER_KEYS: callerKeys },
    source: `nats-server started here on port ${listenPort}`,
    stop: () => stopProcess(child),
  };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * PostgreSQL and NATS for a benchmark run, with a database and subject prefix of its own
 * (dropped at the end): the environment every app of the run shares.
 */
export async function benchEnvironment(name, log, stops) {
  const postgres = await ensurePostgres(log);
  stops.push(postgres.stop);
  const suffix = Math.random().toString(16).slice(2, 8);
  const busDir = mkdtempSync(join(tmpdir(), `igs-${name}-`));
  const nats = await ensureNats(log, { dir: busDir, prefix: `${name}${suffix}`, diagnostics: true, port: await freePort() });
  stops.push(async () => {
    await nats.stop();
    rmSync(busDir, { recursive: true, force: true });
  });
  const databaseUrl = new URL(postgres.url);
  databaseUrl.pathname = `/igs_${name}_${suffix}`;
  await ensureDatabase(databaseUrl.toString());
  stops.push(() => dropDatabase(databaseUrl.toString()));
  return { ...nats.env, SUBJECT_PREFIX: `${name}${suffix}`, LOG_LEVEL: 'warn', DATABASE_URL: databaseUrl.toString() };
}
