#!/usr/bin/env node
// The local stack: PostgreSQL and NATS (found or started), every service and the gateway,
// and the demo data. Ctrl-C stops everything this command started.
import { ensureDatabase, ensureNats, ensurePostgres } from './stack/infra.mjs';
import { demoRealmFile, seedDemoExchange, seedDemoItems } from './stack/seed.mjs';
import { startApp, waitUntilReady } from './stack/services.mjs';

const log = (message) => process.stdout.write(`[start] ${message}\n`);
const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 3000);
const logLevel = process.env.LOG_LEVEL ?? 'warn';

const stops = [];
let stopping = false;

async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  log('stopping...');
  for (const stop of stops.reverse()) {
    try {
      await stop();
    } catch (error) {
      log(`while stopping: ${error.message}`);
    }
  }
  log('stopped');
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

const printLine = (name, line) => process.stdout.write(`[${name}] ${line}\n`);

try {
  const postgres = await ensurePostgres(log);
  stops.push(postgres.stop);
  await ensureDatabase(postgres.url);
  const nats = await ensureNats(log);
  stops.push(nats.stop);
  log(`PostgreSQL: ${postgres.source}; NATS: ${nats.source}`);

  const common = { ...nats.env, LOG_LEVEL: logLevel };
  const identityPort = process.env.IDENTITY_PORT ?? '3001';
  const issuer = `http://127.0.0.1:${identityPort}/oidc`;
  const identity = await startApp(
    'identity',
    {
      ...common,
      DATABASE_URL: postgres.url,
      IDENTITY_PORT: identityPort,
      HEALTH_PORT: process.env.IDENTITY_HEALTH_PORT ?? '8083',
      IDENTITY_REALM_FILE: process.env.IDENTITY_REALM_FILE ?? demoRealmFile,
    },
    { onLine: printLine },
  );
  stops.push(identity.stop);
  await waitUntilReady(`${issuer}/.well-known/openid-configuration`, identity.child);

  const item = await startApp('item', { ...common, DATABASE_URL: postgres.url, HEALTH_PORT: process.env.ITEM_HEALTH_PORT ?? '8081' }, { onLine: printLine });
  stops.push(item.stop);
  await waitUntilReady(`http://127.0.0.1:${process.env.ITEM_HEALTH_PORT ?? '8081'}/health/ready`, item.child);

  const exchange = await startApp(
    'exchange',
    { ...common, DATABASE_URL: postgres.url, HEALTH_PORT: process.env.EXCHANGE_HEALTH_PORT ?? '8082' },
    { onLine: printLine },
  );
  stops.push(exchange.stop);
  await waitUntilReady(`http://127.0.0.1:${process.env.EXCHANGE_HEALTH_PORT ?? '8082'}/health/ready`, exchange.child);

  const gateway = await startApp(
    'gateway',
    { ...common, HOST: host, PORT: String(port), HEALTH_PORT: process.env.GATEWAY_HEALTH_PORT ?? '8080', OIDC_ISSUER: issuer },
    { onLine: printLine },
  );
  stops.push(gateway.stop);
  const base = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  await waitUntilReady(`${base}/health/ready`, gateway.child);

  const seeded = await seedDemoItems(base, issuer);
  log(`demo items: ${seeded.created} loaded, ${seeded.existing} already there (${seeded.total} in deploy/demo/items.json)`);
  const { stateCouncilYears } = await import('../apps/item/dist/src/calendar/state-council-days.js');
  log(
    `working-day calendar: the State Council's holidays and adjusted working days of ${stateCouncilYears.join(', ')}, seeded by the item service (GET /api/v1/calendar/days?year=${stateCouncilYears.at(-1)})`,
  );
  const exchangeSeeded = await seedDemoExchange(base, issuer);
  log(
    `demo data sharing: ${exchangeSeeded.catalogs} catalogs, ${exchangeSeeded.demands} demands, ${exchangeSeeded.negative} negative entries loaded, ${exchangeSeeded.rows} resource rows upserted (deploy/demo/exchange.json)`,
  );
  log('');
  log(`gateway   ${base}`);
  log(`API docs  ${base}/docs`);
  log(`identity  ${issuer} (discovery: ${issuer}/.well-known/openid-configuration)`);
  log(`metrics   curl http://127.0.0.1:8081/metrics (item; exchange 8082, gateway 8080, identity 8083, unless *_HEALTH_PORT says otherwise)`);
  log('a token   curl -s -u health-system:demo-secret-health-change-me -d grant_type=client_credentials -d scope=items:read ' + `${issuer}/token`);
  log(`then      curl -H "Authorization: Bearer <access_token>" '${base}/api/v1/items?department=HEALTH'`);
  log('demo accounts, apps and secrets: deploy/demo/realm.json');
  log('Ctrl-C stops everything started here; the data stays for the next start.');

  for (const app of [identity, item, exchange, gateway]) {
    app.child.once('exit', (code, signal) => {
      if (!stopping) {
        log(`${app.name} exited (${signal ?? code}); stopping the stack`);
        void stopAll(1);
      }
    });
  }
} catch (error) {
  log(`failed: ${error.message}`);
  await stopAll(1);
}
