#!/usr/bin/env node
// `npm run bench:resource-load`: loads ROWS (default 1,000,000) rows of a population
// register (three personal fields tokenised or sealed, two plain) as one NDJSON file
// through the gateway, and reports the time. Target: a million rows in under a minute.
import { benchEnvironment } from '../tools/stack/infra.mjs';
import { demoAppToken, demoRealmFile } from '../tools/stack/seed.mjs';
import { profileArgs, startApp, waitUntilReady } from '../tools/stack/services.mjs';
import { populationCatalog, populationFile } from './population.mjs';
import { countProcessCpu } from './process-cpu.mjs';

const count = Number(process.env.ROWS ?? 1_000_000);
// PROFILE_DIR=<dir> writes a CPU profile of the gateway and the exchange (its preparation
// workers included) there, to see where a load's time goes.
const log = (message) => process.stdout.write(`[bench] ${message}\n`);
const stops = [];
async function main() {
  const common = await benchEnvironment('load', log, stops);
  const printLine = (name, line) => process.stdout.write(`[${name}] ${line}\n`);
  const issuer = 'http://127.0.0.1:3922/oidc';
  const identity = await startApp(
    'identity',
    { ...common, IDENTITY_PORT: '3922', HEALTH_PORT: '8923', IDENTITY_REALM_FILE: demoRealmFile },
    { onLine: printLine },
  );
  stops.push(identity.stop);
  await waitUntilReady(`${issuer}/.well-known/openid-configuration`, identity.child);
  const exchange = await startApp('exchange', { ...common, HEALTH_PORT: '8993' }, { onLine: printLine, nodeArgs: profileArgs('exchange') });
  stops.push(exchange.stop);
  await waitUntilReady('http://127.0.0.1:8993/health/ready', exchange.child);
  const gateway = await startApp(
    'gateway',
    { ...common, PORT: '3920', HEALTH_PORT: '8920', OIDC_ISSUER: issuer },
    { onLine: printLine, nodeArgs: profileArgs('gateway') },
  );
  stops.push(gateway.stop);
  await waitUntilReady('http://127.0.0.1:3920/health/ready', gateway.child);

  const auth = { authorization: `Bearer ${await demoAppToken(issuer, 'public-security-system', 'exchange:read exchange:catalog')}` };
  const json = { ...auth, 'content-type': 'application/json' };
  const base = 'http://127.0.0.1:3920/api/v1/exchange/catalogs';
  const catalog = populationCatalog(`BENCH-POPULATION-${Date.now()}`);
  await fetch(base, { method: 'POST', headers: json, body: JSON.stringify(catalog) });
  await fetch(`${base}/${catalog.code}/publish`, { method: 'POST', headers: json, body: JSON.stringify({ revision: 0, legalBasis: '《居民身份证法》' }) });

  const file = populationFile(count);
  log(`loading ${count} rows (${(file.length / 1024 / 1024).toFixed(1)} MiB of NDJSON)`);
  const started = Date.now();
  const stopCounting = countProcessCpu(['gateway', 'exchange', 'postgres', 'nats-server', 'load generator']);
  const response = await fetch(`${base}/${catalog.code}/resource`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/x-ndjson' },
    body: file,
  });
  const result = await response.json();
  const seconds = (Date.now() - started) / 1000;
  if (response.status !== 200) throw new Error(`load failed: ${response.status} ${JSON.stringify(result)}`);
  log(
    `accepted ${result.accepted}, rejected ${result.rejected.length}, in ${seconds.toFixed(1)} s (${Math.round(result.accepted / seconds)} rows/s; target: ${count} in under 60 s)`,
  );
  // Where the load's CPU went: on two cores, a process's seconds here are what to cut.
  const cpu = stopCounting();
  if (cpu.size > 0) log(`CPU seconds by process: ${[...cpu].map(([group, used]) => `${group} ${used.toFixed(1)}`).join(', ')}`);
  if (result.accepted !== count || seconds >= 60) process.exitCode = 1;
}

try {
  await main();
} finally {
  for (const stop of stops.reverse()) await stop().catch((error) => log(`cleanup: ${error.message}`));
}
