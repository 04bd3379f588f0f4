// Runs the platform's apps as child processes, each with its own environment, and stops
// them with SIGTERM so they drain their subscriptions before exiting.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { busEnvFor } from './bus.mjs';
import { portAnswers, root } from './infra.mjs';

/** The variables through which the apps are given the ports they listen on. */
const portVariables = ['PORT', 'IDENTITY_PORT', 'HEALTH_PORT'];

/**
 * Starts an app once the ports it is given are free. A port that already answers belongs
 * to another run (a benchmark, `npm start`): the new app would fail to listen, and waiting
 * for readiness would find the other run's app instead, so this stops at once and says why.
 * `nodeArgs` adds flags for this app's Node process, such as `--cpu-prof` when profiling.
 * On a closed bus (BUS_KEYS_DIR in `env`) each app gets its own nkey from there.
 */
export async function startApp(name, env, { onLine, nodeArgs = [] } = {}) {
  await ensurePortsFree(portVariables.filter((variable) => env[variable]).map((variable) => Number(env[variable])));
  // The same Node flags as the container image (deploy/container/entrypoint.sh).
  const child = spawn(process.execPath, ['--enable-source-maps', '--max-semi-space-size=64', ...nodeArgs, join(root, 'apps', name, 'dist', 'src', 'main.js')], {
    cwd: root,
    env: { ...process.env, ...env, ...busEnvFor(name, { ...process.env, ...env }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream.on('data', (chunk) => {
      const lines = (rest + chunk.toString()).split('\n');
      rest = lines.pop();
      for (const line of lines) if (line) onLine?.(name, line);
    });
  }
  return {
    name,
    child,
    stop: () => stopChild(child),
  };
}

export function stopChild(child, graceMs = 10_000) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Node flags that write a CPU profile of the app into `<PROFILE_DIR>/<name>` (for Chrome
 * DevTools or speedscope) when PROFILE_DIR is set, for a bench to pass as `nodeArgs`.
 */
export function profileArgs(name) {
  return process.env.PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${join(process.env.PROFILE_DIR, name)}`] : [];
}

/** Fails when any of the ports already answers on this machine. */
export async function ensurePortsFree(ports) {
  const taken = [];
  for (const port of ports) if (await portAnswers(port)) taken.push(port);
  if (taken.length > 0) throw new Error(`port ${taken.join(', ')} already in use: is another benchmark or \`npm start\` running?`);
}

/** Waits until a URL answers 200, failing early if the process behind it exits. */
export async function waitUntilReady(url, child, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`${url}: the process exited with code ${child.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not become ready within ${timeoutMs / 1000} s`);
}
