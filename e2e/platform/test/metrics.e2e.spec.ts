import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { HealthServer, platformMetrics, prometheusLabel, prometheusName, startTelemetry, type Telemetry } from '@igs/platform';
import { eventSubjects, prefixed } from '@igs/contracts';
import { eventually, withClient } from '@igs/testing';
import { jetstream } from '@nats-io/jetstream';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { dataCallFixture, type DataCallFixture } from './data-call-fixture.js';
import { http } from './http.js';
import { startPlatform, type RunningPlatform } from './platform.js';
import { find, parsePrometheus, type Sample } from './prometheus-text.js';

describe("metrics on every app's health port", () => {
  let telemetry: Telemetry;
  let platform: RunningPlatform;
  let fixture: DataCallFixture;
  const healthUrls: Record<string, string> = {};
  const baseline: Record<string, Sample[]> = {};
  /** What the series matching `labels` counted since the baseline, per label value of `by` (or in all). */
  const counted = (app: string, now: Sample[], name: string, labels: Record<string, string>, by?: string) => {
    const totals = new Map<string | undefined, number>();
    for (const [sign, samples] of [
      [1, now],
      [-1, baseline[app]],
    ] as const) {
      for (const sample of find(samples, name, labels)) {
        const key = by === undefined ? undefined : sample.labels[by];
        totals.set(key, (totals.get(key) ?? 0) + sign * sample.value);
      }
    }
    return Object.fromEntries([...totals].filter(([, value]) => value !== 0).map(([key, value]) => [key ?? 'all', value]));
  };
  const scrape = async (app: string) => {
    const answer = await fetch(`${healthUrls[app]}/metrics`);
    assert.equal(answer.status, 200);
    assert.match(answer.headers.get('content-type') ?? '', /^text\/plain/);
    return answer.text();
  };

  before(async () => {
    telemetry = startTelemetry({ serviceName: 'metrics-e2e' });
    platform = await startPlatform({ withExchange: true });
    // As each app's main does: the gateway and identity on a health server of their own, the
    // services' Nest server is their health port.
    for (const [name, app] of [
      ['gateway', platform.gateway],
      ['identity', platform.identity!],
    ] as const) {
      healthUrls[name] = `http://127.0.0.1:${await app.get(HealthServer).listen(0, '127.0.0.1')}`;
    }
    for (const [name, app] of [
      ['item', platform.item!],
      ['exchange', platform.exchange!],
    ] as [string, NestFastifyApplication][]) {
      await app.listen(0, '127.0.0.1');
      healthUrls[name] = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    }
    fixture = await dataCallFixture(platform);
    // Until the docking reaches the exchange's copy a call may be denied: counts are taken
    // from here on, after one answered call.
    assert.equal((await fixture.query('health')).status, 200);
    for (const app of ['gateway', 'exchange']) baseline[app] = parsePrometheus(await scrape(app));
    assert.equal((await fixture.query('health')).status, 200);
    assert.equal((await fixture.query('tax')).status, 403);
    assert.equal((await fixture.query('health', { catalogCode: 'MADE-UP-CATALOG-42' })).status, 404);
    // A record the database refuses: its batch fails (a commit failure), and the call with it.
    await withClient(platform.db.url, (client) =>
      client.query("ALTER TABLE exchange.call_audit ADD CONSTRAINT e2e_refuses CHECK (purpose NOT LIKE '%REFUSED-BY-DB%')"),
    );
    assert.equal((await fixture.query('health', { purpose: '核验 REFUSED-BY-DB' })).status, 422);
    assert.equal((await http(platform.url, 'GET', '/no/such/route/150102199003071237')).status, 404);
    // An event whose data does not parse, from the exchange's own credentials: its follower refuses and counts it.
    const nc = await platform.nats.connect('exchange');
    const forged = {
      id: randomUUID(),
      type: 'exchange.negative.added',
      occurredAt: new Date().toISOString(),
      actor: { subject: 'system:exchange', type: 'system', scopes: [] },
      data: {},
    };
    await jetstream(nc).publish(prefixed(platform.prefix, eventSubjects.exchange.negativeAdded), JSON.stringify(forged), { msgID: forged.id });
    await nc.close();
    await eventually(async () => assert.ok(find(parsePrometheus(await scrape('exchange')), 'igs_events_refused_total').length > 0));
  });
  after(async () => {
    await platform?.stop();
    await telemetry?.shutdown();
  });

  it('serves /metrics on the health port of each of the four apps, and not on the public ports', async () => {
    for (const app of ['gateway', 'identity', 'item', 'exchange']) assert.match(await scrape(app), /^# HELP /m, app);
    assert.equal((await fetch(`${platform.url}/metrics`)).status, 404, "not on the gateway's public port");
    assert.equal((await fetch(`${platform.issuer.replace(/\/oidc$/, '')}/metrics`)).status, 404, "not on identity's public port");
    for (const app of ['gateway', 'identity']) {
      assert.equal((await fetch(`${healthUrls[app]}/health/live`)).status, 200, app);
      assert.equal((await fetch(`${healthUrls[app]}/health/ready`)).status, 200, app);
    }
  });

  it('counts data calls by catalog, operation, outcome and denial code, with their durations', async () => {
    const samples = parsePrometheus(await scrape('exchange'));
    const calls = (labels: Record<string, string>, by?: string) => counted('exchange', samples, 'igs_exchange_data_calls_total', labels, by);
    assert.deepEqual(calls({ catalog: fixture.catalogCode, operation: 'query', outcome: 'answered' }), { all: 1 });
    assert.equal(find(samples, 'igs_exchange_data_calls_total', { outcome: 'answered' })[0].labels.error_type, undefined, 'no error type on an answered call');
    assert.deepEqual(calls({ catalog: fixture.catalogCode, operation: 'query', outcome: 'denied' }, 'error_type'), { 'EXCHANGE.NO_DOCKING': 1 });
    assert.deepEqual(calls({ catalog: 'unknown', outcome: 'denied' }, 'error_type'), { 'EXCHANGE.CATALOG_NOT_FOUND': 1 });
    assert.deepEqual(calls({ catalog: fixture.catalogCode, outcome: 'failed' }, 'error_type'), { 'EXCHANGE.CALL_NOT_RECORDABLE': 1 });
    // The refused record's batch failed with PostgreSQL's check_violation, then its half alone.
    assert.ok(find(samples, 'igs_exchange_audit_commit_failures_total', { error_type: '23514' })[0]?.value >= 1);
    assert.deepEqual(counted('exchange', samples, 'igs_exchange_data_call_duration_count', { operation: 'query', outcome: 'answered' }), { all: 1 });
    const sum = find(samples, 'igs_exchange_data_call_duration_sum', { operation: 'query', outcome: 'answered' })[0].value;
    assert.ok(sum > 0 && sum < 5, `a plausible duration in seconds: ${sum}`);
    assert.ok(find(samples, 'igs_exchange_audit_batch_size_count').reduce((n, s) => n + s.value, 0) >= 3, 'every call went through a group commit');
    assert.ok(find(samples, 'igs_exchange_audit_commit_duration_bucket', { le: '+Inf' })[0].value >= 1);
  });

  it('times HTTP requests by route template, never by raw URL, and NATS requests by subject without the node prefix', async () => {
    const text = await scrape('gateway');
    assert.doesNotMatch(text, /MADE-UP-CATALOG-42|150102199003071237|no\/such\/route/, 'no raw URL, made-up code or key in a label');
    const samples = parsePrometheus(text);
    const route = '/api/v1/data/:catalogCode/query';
    assert.deepEqual(
      counted('gateway', samples, 'http_server_request_duration_count', { http_request_method: 'POST', http_route: route }, 'http_response_status_code'),
      { 200: 1, 403: 1, 404: 1, 422: 1 },
    );
    // The made-up URL, and the first case's look for /metrics on the public port.
    assert.deepEqual(
      Object.keys(
        counted('gateway', samples, 'http_server_request_duration_count', { http_request_method: 'GET', http_route: 'unmatched' }, 'http_response_status_code'),
      ),
      ['404'],
    );
    const sent = (outcome: string) =>
      counted('gateway', samples, 'igs_messaging_request_duration_count', { messaging_destination_name: 'exchange.v1.call.query', outcome }, 'error_type');
    assert.deepEqual(sent('ok'), { all: 1 });
    assert.deepEqual(sent('error'), { 'EXCHANGE.CALL_NOT_RECORDABLE': 1, 'EXCHANGE.CATALOG_NOT_FOUND': 1, 'EXCHANGE.NO_DOCKING': 1 });
    assert.doesNotMatch(text, new RegExp(`messaging_destination_name="${platform.prefix}\\.`), 'the subjects carry no prefix');
    const handled = parsePrometheus(await scrape('exchange'));
    assert.ok(find(handled, 'igs_messaging_handler_duration_count', { messaging_destination_name: 'exchange.v1.call.query', outcome: 'ok' })[0]?.value >= 1);
  });

  it('reports the outbox, the stream followers, the database pool and the signing key', async () => {
    const exchange = parsePrometheus(await scrape('exchange'));
    assert.ok(find(exchange, 'igs_outbox_published_total')[0]?.value >= 1, 'events were published');
    const backlog = find(exchange, 'igs_outbox_backlog');
    assert.equal(backlog.length, 1);
    assert.ok(backlog[0].value >= 0);
    assert.ok(find(exchange, 'igs_outbox_lag')[0].value >= 0);
    const followers = find(exchange, 'igs_stream_follower_current');
    assert.ok(followers.length >= 1, 'the exchange follows streams');
    for (const follower of followers) assert.doesNotMatch(follower.labels.stream, new RegExp(platform.prefix), 'the stream label carries no prefix');
    // Idle, every follower is current and has nothing left to apply (checked five times a second).
    for (let attempt = 0; ; attempt += 1) {
      const now = parsePrometheus(await scrape('exchange'));
      const settled = find(now, 'igs_stream_follower_current').every((s) => s.value === 1) && find(now, 'igs_stream_follower_lag').every((s) => s.value === 0);
      if (settled) break;
      assert.ok(attempt < 50, 'the followers settle within 5 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const pool = find(exchange, 'db_client_connection_count');
    assert.ok(
      pool.some((s) => s.labels.db_client_connection_state === 'idle'),
      JSON.stringify(pool),
    );
    assert.ok(find(exchange, 'db_client_connection_pending_requests').length >= 1);
    const age = find(parsePrometheus(await scrape('identity')), 'igs_identity_signing_key_age');
    assert.equal(age.length, 1);
    assert.ok(age[0].value >= 0 && age[0].value < 600, `the key was made at the start of the test: ${age[0].value} s`);
  });

  it('exports every metric the platform defines, under the name prometheusName gives it', async () => {
    // Memory to collect, so the runtime's GC histogram has a pause to show.
    for (let round = 0; round < 20; round += 1) void Array.from({ length: 200_000 }, (_, n) => ({ n }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const exported = new Set<string>();
    for (const app of ['gateway', 'identity', 'item', 'exchange']) for (const sample of parsePrometheus(await scrape(app))) exported.add(sample.name);
    const missing = Object.values(platformMetrics)
      .filter((definition) => {
        const name = prometheusName(definition);
        return definition.kind === 'histogram' ? !exported.has(`${name}_count`) : !exported.has(name);
      })
      .map((definition) => definition.name);
    assert.deepEqual(missing, []);
    // And with the attributes it defines, as Prometheus labels.
    const samples = [...exported];
    assert.ok(samples.length > 0);
    const all: Sample[] = [];
    for (const app of ['gateway', 'identity', 'item', 'exchange']) all.push(...parsePrometheus(await scrape(app)));
    for (const definition of Object.values(platformMetrics)) {
      const name = prometheusName(definition);
      const series = all.filter((s) => s.name === name || s.name === `${name}_count`);
      const labels = new Set(series.flatMap((s) => Object.keys(s.labels)));
      const unknown = [...labels].filter(
        (label) => !definition.attributes.map(prometheusLabel).includes(label) && !/^otel_scope_|^le$|^job$|^instance$/.test(label),
      );
      assert.deepEqual(unknown, [], `${definition.name} has only its defined labels`);
    }
  });
});
