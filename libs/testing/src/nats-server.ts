import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

export interface NatsServerOptions {
  /**
   * Server configuration besides where it listens and stores (which this sets): e.g. the
   * accounts and users of a closed bus. Empty for an open server with JetStream.
   */
  config?: string;
}

/** A nats-server of a test's own: it may stop, kill or restart it without touching anyone else. */
export interface TestNatsServer {
  url: string;
  port: number;
  /** SIGKILL, as a crash would; `start()` brings it back on the same port with the same store. */
  kill(): Promise<void>;
  /** SIGSTOP / SIGCONT: the process hangs without closing its sockets. */
  pause(): void;
  resume(): void;
  start(): Promise<void>;
  /** Stops it and removes its store. */
  stop(): Promise<void>;
}

/**
 * Starts `nats-server` (from the PATH) with JetStream on a free port of 127.0.0.1 and a
 * store of its own, and waits until it accepts connections.
 */
export async function startNatsServer(options: NatsServerOptions = {}): Promise<TestNatsServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'igs-nats-'));
  const configFile = join(dir, 'nats.conf');
  writeFileSync(configFile, [`listen: "127.0.0.1:${port}"`, `jetstream { store_dir: ${JSON.stringify(join(dir, 'store'))} }`, options.config ?? ''].join('\n'));
  let child: ChildProcess | undefined;
  const start = async () => {
    const started = spawn('nats-server', ['-c', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
    let output = '';
    started.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
    const exited = new Promise<never>((_resolve, reject) => {
      started.once('error', reject);
      started.once('exit', (code) => reject(new Error(`nats-server exited with code ${code}: ${output}`)));
    });
    child = started;
    await Promise.race([untilListening(port), exited]);
    exited.catch(() => undefined);
  };
  const halt = async (signal: NodeJS.Signals) => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill(signal);
    await gone;
  };
  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    kill: () => halt('SIGKILL'),
    pause: () => child?.kill('SIGSTOP'),
    resume: () => child?.kill('SIGCONT'),
    start,
    async stop() {
      child?.kill('SIGCONT');
      await halt('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function untilListening(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await answers(port))) {
    if (Date.now() > deadline) throw new Error(`nats-server did not listen on port ${port} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
