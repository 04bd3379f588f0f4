#!/usr/bin/env node
// Prepares any deployment for `data-call.k6.js`: a published population catalog with ROWS
// generated rows (the ID numbers the k6 script asks for by default) and a docking entry
// that lets the consumer app call it at any rate its gateway allows. Safe to run again.
//
//   BASE_URL=https://gateway.example.org ISSUER=https://id.example.org/oidc \
//   PROVIDER_ID=public-security-system PROVIDER_SECRET=... \
//   CONSUMER_ID=health-system CONSUMER_SECRET=... \
//   node loadtests/prepare-data-call.mjs
//
// CATALOG (default LOADTEST-POPULATION) is the catalog's code; ROWS (default 1,000,000)
// how many rows; ROWS_PER_REQUEST (default 100,000, about 13 MB of NDJSON) how many go in
// one upload, to stay under the body limits of proxies in front of the gateway.
import { appToken } from '../tools/stack/seed.mjs';
import { prepareDataCalls } from './data-call-setup.mjs';

const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is required (see the top of this file)`);
  return value;
};
const base = env('BASE_URL', 'http://127.0.0.1:3000');
const issuer = env('ISSUER', 'http://127.0.0.1:3001/oidc');
const catalogCode = env('CATALOG', 'LOADTEST-POPULATION');
const rows = Number(env('ROWS', '1000000'));
const rowsPerRequest = Number(env('ROWS_PER_REQUEST', '100000'));
const log = (message) => process.stdout.write(`${message}\n`);

const bearer = async (clientId, secret, scope) => ({ authorization: `Bearer ${await appToken(issuer, clientId, secret, scope)}` });

const provider = await bearer(env('PROVIDER_ID', 'public-security-system'), env('PROVIDER_SECRET'), 'exchange:read exchange:catalog exchange:approve');
const consumerId = env('CONSUMER_ID', 'health-system');
const consumer = await bearer(consumerId, env('CONSUMER_SECRET'), 'exchange:read');
const { accepted, seconds } = await prepareDataCalls({ apiBase: `${base}/api/v1`, provider, consumer, catalogCode, rows, rowsPerRequest, log });
log(`${accepted} rows loaded in ${seconds.toFixed(1)} s, and ${consumerId} may call ${catalogCode}. Now:`);
log(`  k6 run -e BASE_URL=${base} -e ISSUER=${issuer} -e CLIENT_ID=${consumerId} -e CLIENT_SECRET=... -e CATALOG=${catalogCode} loadtests/data-call.k6.js`);
