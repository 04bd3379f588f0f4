#!/usr/bin/env node
// `npm run bench`: GET /api/v1/items/{code} through the gateway (HTTP -> NATS -> item ->
// PostgreSQL) with a bearer token, the same route on a gateway that does not authenticate,
// and a bare Fastify route returning a constant, all measured in the same run with
// autocannon from this process, while the servers run in processes of their own.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { benchEnvironment, root } from '../tools/stack/infra.mjs';
import { demoAppToken, demoRealmFile, seedDemoItems } from '../tools/stack/seed.mjs';
import { ensurePortsFree, startApp, stopChild, waitUntilReady } from '../tools/stack/services.mjs';
import { median } from './median.mjs';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const log = (message) => process.stdout.write(`[bench] ${message}\n`);
const stops = [];

async function drive({ url, headers }, duration) {
  const result = await autocannon({ url, headers, connections, duration, pipelining: 1 });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

async function main() {
  const common = await benchEnvironment('bench', log, stops);
  const printLine = (name, line) => process.stdout.write(`[${name}] ${line}\n`);
  const identity = await startApp(
    'identity',
    { ...common, IDENTITY_PORT: '3902', HEALTH_PORT: '8903', IDENTITY_REALM_FILE: demoRealmFile },
    { onLine: printLine },
  );
  stops.push(identity.stop);
  const issuer = 'http://127.0.0.1:3902/oidc';
  await waitUntilReady(`${issuer}/.well-known/openid-configuration`, identity.child);
  const item = await startApp('item', { ...common, HEALTH_PORT: '8981' }, { onLine: printLine });
  stops.push(item.stop);
  await waitUntilReady('http://127.0.0.1:8981/health/ready', item.child);
  const gateway = await startApp(
    'gateway',
    { ...common, PORT: '3900', HEALTH_PORT: '8900', OIDC_ISSUER: issuer, RATE_LIMIT_APPS: 'health-system=1000000' },
    { onLine: printLine },
  );
  stops.push(gateway.stop);
  await waitUntilReady('http://127.0.0.1:3900/health/ready', gateway.child);
  await seedDemoItems('http://127.0.0.1:3900', issuer);
  const token = await demoAppToken(issuer, 'health-system', 'items:read');
  // The same route on a second gateway that does not authenticate, to measure what tokens cost.
  const open = await startApp(
    'gateway',
    { ...common, PORT: '3903', HEALTH_PORT: '8904', OIDC_ISSUER: issuer, GATEWAY_AUTH: 'off', RATE_LIMIT_ANONYMOUS_PER_SECOND: '1000000' },
    { onLine: printLine },
  );
  stops.push(open.stop);
  await waitUntilReady('http://127.0.0.1:3903/health/ready', open.child);

  await ensurePortsFree([3901]);
  const bare = spawn(process.execPath, [join(root, 'loadtests', 'bare-fastify.mjs')], {
    env: { ...process.env, PORT: '3901' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  stops.push(() => stopChild(bare));
  await waitUntilReady('http://127.0.0.1:3901/constant', bare);

  const route = '/api/v1/items/150000-HEALTH-0001';
  const targets = {
    bare: { url: 'http://127.0.0.1:3901/constant' },
    open: { url: `http://127.0.0.1:3903${route}` },
    bearer: { url: `http://127.0.0.1:3900${route}`, headers: { authorization: `Bearer ${token}` } },
  };
  const labels = { bare: 'bare Fastify constant', open: 'GET item, no authentication', bearer: 'GET item, bearer token' };
  log(`warming up, then ${rounds} rounds of ${seconds} s each, ${connections} connections, alternating targets`);
  for (const target of Object.values(targets)) await drive(target, 3);
  const runs = Object.fromEntries(Object.keys(targets).map((name) => [name, []]));
  for (let round = 1; round <= rounds; round += 1) {
    for (const [name, target] of Object.entries(targets)) {
      const run = await drive(target, seconds);
      runs[name].push(run);
      log(
        `round ${round} ${name.padEnd(8)} ${run.requestsPerSecond.toFixed(0).padStart(7)} req/s  p50 ${run.p50} ms  p99 ${run.p99} ms  non-2xx ${run.non2xx}  errors ${run.errors}`,
      );
    }
  }

  const summary = Object.fromEntries(
    Object.entries(runs).map(([name, list]) => [
      name,
      {
        requestsPerSecond: Math.round(median(list.map((r) => r.requestsPerSecond))),
        p50: median(list.map((r) => r.p50)),
        p99: median(list.map((r) => r.p99)),
        non2xx: list.reduce((sum, r) => sum + r.non2xx, 0),
        errors: list.reduce((sum, r) => sum + r.errors, 0),
      },
    ]),
  );
  const ratio = summary.open.requestsPerSecond / summary.bare.requestsPerSecond;
  const authRatio = summary.bearer.requestsPerSecond / summary.open.requestsPerSecond;
  log('');
  log('median of the rounds');
  log('target                                    req/s    p50 ms   p99 ms   non-2xx  errors');
  for (const [name, s] of Object.entries(summary)) {
    log(
      `${labels[name].padEnd(40)} ${String(s.requestsPerSecond).padStart(7)}  ${String(s.p50).padStart(7)}  ${String(s.p99).padStart(7)}  ${String(s.non2xx).padStart(8)}  ${String(s.errors).padStart(6)}`,
    );
  }
  log(`GET item (no authentication) / bare Fastify: ${ratio.toFixed(3)}`);
  log(`GET item with bearer / without authentication: ${authRatio.toFixed(3)} (token verification costs ${((1 - authRatio) * 100).toFixed(1)}% of throughput)`);

  mkdirSync(join(root, 'bench-results'), { recursive: true });
  const file = join(root, 'bench-results', `items-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ seconds, rounds, connections, runs, summary, ratio, authRatio }, null, 2));
  log(`raw figures: ${file.slice(root.length)}`);
  if (Object.values(summary).some((s) => s.non2xx > 0 || s.errors > 0)) process.exitCode = 1;
}

try {
  await main();
} finally {
  for (const stop of stops.reverse()) await stop().catch((error) => log(`cleanup: ${error.message}`));
}
