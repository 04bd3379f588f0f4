#!/usr/bin/env node
// `npm run bench:data-call`: loads a population register of ROWS rows (default 1,000,000),
// then drives the data-call mix (80 % query, 20 % verify, random keys) through the gateway
// for BENCH_SECONDS in all (default 30), and in the same run the baseline: a gateway route
// that forwards to a bare NATS echo responder. The two alternate in BENCH_ROUNDS rounds
// (default 3) and the medians are compared, so a slow spell of a shared machine falls on
// both rather than on one. Targets on this machine: 5,000 calls/s, p99 under
// 25 ms, no errors, and at least half the baseline's throughput.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { busEnvFor } from '../tools/stack/bus.mjs';
import { benchEnvironment, root } from '../tools/stack/infra.mjs';
import { demoAppToken, demoRealmFile } from '../tools/stack/seed.mjs';
import { profileArgs, startApp, stopChild, waitUntilReady } from '../tools/stack/services.mjs';
import { prepareDataCalls } from './data-call-setup.mjs';
import { personRow, residentId } from './population.mjs';
import { countProcessCpu } from './process-cpu.mjs';
import { median } from './median.mjs';

const rows = Number(process.env.ROWS ?? 1_000_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 30);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
// Each connection holds every request ready to send (about 2.3 kB each with the token), so
// more keys cost the load generator memory: 2,000 keys take about 230 MB at 50 connections,
// 20,000 about 2.3 GB.
const distinctKeys = Number(process.env.BENCH_KEYS ?? 2_000);
// The consumer app is counted by the gateway's rate limit like any other, at a rate the bench stays under.
const benchAppRate = 'health-system=1000000';
// BENCH_TARGETS=calls drives only the data calls, e.g. so that a profile holds nothing else.
const targetNames = (process.env.BENCH_TARGETS ?? 'baseline,calls').split(',');
// PROFILE_DIR=<dir> writes a CPU profile of the gateway and the exchange there, to see
// where a data call's time goes.
const log = (message) => process.stdout.write(`[bench] ${message}\n`);
const stops = [];

function summary(result) {
  return {
    callsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/** The median round of a target (errors and non-2xx summed over all rounds). */
function medianOf(runs) {
  return {
    callsPerSecond: median(runs.map((r) => r.callsPerSecond)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
  };
}

async function main() {
  const common = await benchEnvironment('call', log, stops);
  const printLine = (name, line) => process.stdout.write(`[${name}] ${line}\n`);
  const issuer = 'http://127.0.0.1:3932/oidc';
  const identity = await startApp(
    'identity',
    { ...common, IDENTITY_PORT: '3932', HEALTH_PORT: '8933', IDENTITY_REALM_FILE: demoRealmFile },
    { onLine: printLine },
  );
  stops.push(identity.stop);
  await waitUntilReady(`${issuer}/.well-known/openid-configuration`, identity.child);
  // The exchange counts demands' working days on the item service's calendar: it is ready once it has loaded it.
  const item = await startApp('item', { ...common, HEALTH_PORT: '8995' }, { onLine: printLine });
  stops.push(item.stop);
  await waitUntilReady('http://127.0.0.1:8995/health/ready', item.child);
  const exchange = await startApp('exchange', { ...common, HEALTH_PORT: '8994' }, { onLine: printLine, nodeArgs: profileArgs('exchange') });
  stops.push(exchange.stop);
  await waitUntilReady('http://127.0.0.1:8994/health/ready', exchange.child);
  const gateway = await startApp(
    'gateway',
    { ...common, PORT: '3930', HEALTH_PORT: '8930', OIDC_ISSUER: issuer, DIAGNOSTIC_ROUTES: 'true', RATE_LIMIT_APPS: benchAppRate },
    { onLine: printLine, nodeArgs: profileArgs('gateway') },
  );
  stops.push(gateway.stop);
  await waitUntilReady('http://127.0.0.1:3930/health/ready', gateway.child);
  const echo = spawn(process.execPath, [join(root, 'loadtests', 'echo-responder.mjs')], {
    env: { ...process.env, ...common, ...busEnvFor('diagnostics', common) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  stops.push(() => stopChild(echo));
  await new Promise((resolve) => echo.stdout.once('data', resolve));

  const provider = { authorization: `Bearer ${await demoAppToken(issuer, 'public-security-system', 'exchange:read exchange:catalog exchange:approve')}` };
  const consumer = { authorization: `Bearer ${await demoAppToken(issuer, 'health-system', 'exchange:read data:call')}` };
  const catalogCode = `BENCH-CALL-${Date.now()}`;
  const loaded = await prepareDataCalls({ apiBase: 'http://127.0.0.1:3930/api/v1', provider, consumer, catalogCode, rows, log });
  log(`loaded ${loaded.accepted} rows in ${loaded.seconds.toFixed(1)} s`);
  // The write-back of a million new rows (checkpoint, autovacuum) would otherwise run during
  // the first rounds and slow them; a deployment's tables are not freshly loaded either.
  const admin = new pg.Client({ connectionString: common.DATABASE_URL });
  await admin.connect();
  await admin.query('VACUUM (ANALYZE) exchange.resource_rows');
  await admin.query('CHECKPOINT').catch((error) => log(`no checkpoint (${error.message}); the first round may be slower`));
  // Calls spread over all the rows of a table that outgrows PostgreSQL's own buffers make
  // most lookups copy pages from the operating system's cache, 25-30 µs a call more here
  // (measured apart). The bench's calls cycle through BENCH_KEYS keys, whose pages do fit.
  const {
    rows: [memory],
  } = await admin.query(
    `SELECT pg_size_pretty(pg_total_relation_size('exchange.resource_rows')) AS rows_size, current_setting('shared_buffers') AS shared_buffers,
       pg_total_relation_size('exchange.resource_rows') > pg_size_bytes(current_setting('shared_buffers')) AS outgrows`,
  );
  log(
    `resource rows with their index: ${memory.rows_size}; PostgreSQL shared_buffers: ${memory.shared_buffers}${memory.outgrows ? ' (calls spread over all rows would read pages from the OS cache)' : ''}; the calls use ${distinctKeys} keys`,
  );
  await admin.end();
  // The approval reaches the exchange's authorisation copy by its event.
  await new Promise((resolve) => setTimeout(resolve, 1000));

  // The calls are made before the clock starts, as whole requests: the load generator shares
  // the machine's two cores with the platform, so it should spend them sending. (autocannon
  // rebuilds a request that has a setupRequest on every send, which was a third of its CPU;
  // requests given as a list are built once per connection and then sent in turn.)
  const callRequests = Array.from({ length: distinctKeys }, () => {
    const index = Math.floor(Math.random() * rows);
    const kind = Math.random() < 0.8 ? 'query' : 'verify';
    const body =
      kind === 'query'
        ? { keys: { id_number: residentId(index) }, fields: ['full_name', 'birth_date', 'household_address'], purpose: '出生一件事核验' }
        : { keys: { id_number: residentId(index) }, values: { full_name: personRow(index).full_name }, purpose: '出生一件事核验' };
    return { method: 'POST', path: `/api/v1/data/${catalogCode}/${kind}`, body: JSON.stringify(body) };
  });
  const headers = { ...consumer, 'content-type': 'application/json' };
  const echoBody = JSON.stringify({ payload: { keys: { id_number: residentId(1) }, fields: ['full_name'] } });
  const targets = {
    baseline: (duration) =>
      autocannon({ url: 'http://127.0.0.1:3930/api/v1/diagnostics/echo', method: 'POST', headers, body: echoBody, connections, duration }),
    // Each request is query or verify with a random key; the path follows the body.
    calls: (duration) => autocannon({ url: `http://127.0.0.1:3930/api/v1/data/${catalogCode}/query`, headers, connections, duration, requests: callRequests }),
  };
  await targets.calls(5);
  const roundSeconds = Math.max(1, Math.round(seconds / rounds));
  log(`warmed up; ${rounds} rounds of ${roundSeconds} s per target, alternating, ${connections} connections`);
  const groups = ['gateway', 'exchange', 'echo', 'postgres', 'nats-server', 'load generator'];
  const runs = { baseline: [], calls: [] };
  const cpu = { baseline: new Map(), calls: new Map() };
  for (let round = 1; round <= rounds; round += 1) {
    for (const name of targetNames) {
      const target = targets[name](roundSeconds);
      // Counted from the first send: building each connection's requests comes before it.
      let stopCounting = () => new Map();
      target.once('start', () => (stopCounting = countProcessCpu(groups)));
      const run = summary(await target);
      for (const [group, used] of stopCounting()) cpu[name].set(group, (cpu[name].get(group) ?? 0) + used / (run.callsPerSecond * roundSeconds) / rounds);
      runs[name].push(run);
      log(
        `round ${round} ${name.padEnd(8)} ${String(run.callsPerSecond).padStart(6)} calls/s  p50 ${run.p50} ms  p99 ${run.p99} ms  non-2xx ${run.non2xx}  errors ${run.errors}`,
      );
    }
  }
  const labels = { baseline: 'baseline: gateway -> NATS echo', calls: 'data calls (80 % query, 20 % verify)' };
  const medians = Object.fromEntries(targetNames.map((name) => [name, medianOf(runs[name])]));
  log('');
  log('median of the rounds                     calls/s   p50 ms   p99 ms  non-2xx  errors');
  for (const [name, m] of Object.entries(medians)) {
    log(
      `${labels[name].padEnd(39)} ${String(m.callsPerSecond).padStart(8)} ${String(m.p50).padStart(8)} ${String(m.p99).padStart(8)} ${String(m.non2xx).padStart(8)} ${String(m.errors).padStart(7)}`,
    );
  }
  if (medians.baseline && medians.calls) {
    log(
      `data calls / baseline: ${(medians.calls.callsPerSecond / medians.baseline.callsPerSecond).toFixed(3)} (target >= 0.5); targets: >= 5000 calls/s, p99 < 25 ms, no errors`,
    );
  }
  if (targetNames.some((name) => cpu[name].size > 0)) {
    // CPU per call shows which process a call costs most, whatever the machine's speed today.
    log('');
    log('CPU per call (µs), by process              baseline  data calls');
    const microseconds = (seconds) => (seconds === undefined ? '-' : String(Math.round(seconds * 1e6))).padStart(9);
    for (const group of groups) log(`  ${group.padEnd(40)} ${microseconds(cpu.baseline.get(group))} ${microseconds(cpu.calls.get(group))}`);
    const totals = Object.fromEntries(targetNames.map((name) => [name, [...cpu[name].values()].reduce((sum, seconds) => sum + seconds, 0)]));
    log(`  ${'total'.padEnd(40)} ${microseconds(totals.baseline)} ${microseconds(totals.calls)}`);
    // What a data call costs the machine against what an echo call costs it. A slow spell of
    // the machine raises both alike, so this moves less between runs than the throughput
    // ratio does; it differs from that ratio by the idle time of each target's rounds.
    if (totals.baseline && totals.calls) log(`CPU per call, baseline / data calls: ${(totals.baseline / totals.calls).toFixed(3)}`);
  }
  const audited = await fetch(`http://127.0.0.1:3930/api/v1/exchange/calls?size=1`, { headers: consumer }).then((r) => r.json());
  log(`audit records of the last 24 h: ${audited.total}`);
}

try {
  await main();
} finally {
  for (const stop of stops.reverse()) await stop().catch((error) => log(`cleanup: ${error.message}`));
}
