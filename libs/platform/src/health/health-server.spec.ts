import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTelemetry, type Telemetry } from '../telemetry/telemetry.js';
import { HealthRegistry } from './health.registry.js';
import { HealthServer } from './health-server.js';

describe(HealthServer.name, () => {
  const registry = new HealthRegistry();
  const server = new HealthServer(registry);
  let telemetry: Telemetry;
  let base: string;
  let databaseUp = true;

  before(async () => {
    telemetry = startTelemetry({ serviceName: 'health-server-spec' });
    registry.register('database', () => databaseUp);
    base = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}`;
  });
  after(async () => {
    await server.onApplicationShutdown();
    await telemetry.shutdown();
  });

  it('answers the probes: live always, ready only while every check is up', async () => {
    assert.deepEqual(await (await fetch(`${base}/health/live`)).json(), { status: 'live' });
    assert.equal((await fetch(`${base}/health/ready`)).status, 200);
    databaseUp = false;
    const down = await fetch(`${base}/health/ready`);
    assert.equal(down.status, 503);
    assert.deepEqual(await down.json(), { status: 'not ready', checks: { database: 'down' } });
    databaseUp = true;
  });

  it('serves the Prometheus text at /metrics, query string or not', async () => {
    for (const path of ['/metrics', '/metrics?x=1']) {
      const answer = await fetch(`${base}${path}`);
      assert.equal(answer.status, 200);
      assert.match(await answer.text(), /^# HELP target_info /m);
    }
  });

  it('refuses other methods and paths', async () => {
    assert.equal((await fetch(`${base}/metrics`, { method: 'POST' })).status, 405);
    assert.equal((await fetch(`${base}/`)).status, 404);
    assert.equal((await fetch(`${base}/api/v1/items`)).status, 404);
  });
});
