#!/usr/bin/env node
// Runs every compiled spec of every project in one `node --test` run, so the whole
// workspace reports one summary. Each spec file runs in its own process; integration
// specs make their own database and subject prefix, so they may run side by side.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

function specsUnder(dir) {
  let found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found = found.concat(specsUnder(path));
    else if (entry.name.endsWith('.spec.js')) found.push(path);
  }
  return found;
}

const filter = process.argv[2];
const specs = ['apps', 'libs', 'e2e']
  .flatMap((group) => readdirSync(join(root, group)).map((project) => join(root, group, project, 'dist')))
  .filter((dist) => statSync(dist, { throwIfNoEntry: false })?.isDirectory())
  .flatMap(specsUnder)
  .filter((spec) => !filter || spec.includes(filter))
  .sort();

if (specs.length === 0) {
  console.error('no compiled specs found: run `npm run build` first');
  process.exit(1);
}

// Integration and end-to-end specs start closed buses of their own (startTestNats); the
// messaging library's own specs test mechanisms, not permissions, on one open server.
const { startNatsServer } = await import(join(root, 'libs', 'testing', 'dist', 'src', 'nats-server.js'));
const openBus = process.env.TEST_NATS_URL ? undefined : await startNatsServer();
const result = spawnSync(process.execPath, ['--enable-source-maps', '--test', '--test-concurrency=2', '--test-timeout=120000', ...specs], {
  stdio: 'inherit',
  cwd: root,
  env: { ...process.env, NODE_ENV: 'test', TEST_NATS_URL: process.env.TEST_NATS_URL ?? openBus.url },
});
await openBus?.stop();
process.exit(result.status ?? 1);
