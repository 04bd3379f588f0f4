import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventSubjects } from '@igs/contracts';
import { startTelemetry, type Telemetry } from '@igs/platform';
import { eventually } from '@igs/testing';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { dataCallFixture, type DataCallFixture } from './data-call-fixture.js';
import { startPlatform, type RunningPlatform } from './platform.js';

describe('traces through PostgreSQL and the event streams', () => {
  const exporter = new InMemorySpanExporter();
  let telemetry: Telemetry;
  let platform: RunningPlatform;
  let fixture: DataCallFixture;
  const inTrace = (traceId: string) => exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);

  before(async () => {
    telemetry = startTelemetry({ serviceName: 'traces-e2e', exporter });
    platform = await startPlatform({ withItem: false, withExchange: true });
    fixture = await dataCallFixture(platform);
  });
  after(async () => {
    await platform?.stop();
    await telemetry?.shutdown();
  });

  it('gives the HTTP server span the attributes the HTTP semantic conventions require and recommend', async () => {
    const answer = await fixture.query('health');
    assert.equal(answer.status, 200);
    const server = inTrace(answer.headers.get('x-trace-id')!).find((span) => span.kind === SpanKind.SERVER && span.name.startsWith('POST '));
    assert.ok(server);
    assert.equal(server.name, 'POST /api/v1/data/:catalogCode/query');
    const port = Number(new URL(platform.url).port);
    assert.deepEqual(
      pick(server.attributes, [
        'http.request.method',
        'http.route',
        'url.path',
        'url.scheme',
        'http.response.status_code',
        'server.address',
        'server.port',
        'network.protocol.version',
      ]),
      {
        'http.request.method': 'POST',
        'http.route': '/api/v1/data/:catalogCode/query',
        'url.path': `/api/v1/data/${fixture.catalogCode}/query`,
        'url.scheme': 'http',
        'http.response.status_code': 200,
        'server.address': '127.0.0.1',
        'server.port': port,
        'network.protocol.version': '1.1',
      },
    );
    assert.equal(typeof server.attributes['user_agent.original'], 'string');
  });

  it("puts the data call's PostgreSQL statement in the call's trace, under the exchange's handler", async () => {
    const answer = await fixture.query('health');
    const spans = inTrace(answer.headers.get('x-trace-id')!);
    const queries = spans.filter((span) => span.instrumentationScope.name === '@opentelemetry/instrumentation-pg' && span.kind === SpanKind.CLIENT);
    assert.ok(queries.length >= 1, `spans in the trace: ${spans.map((span) => span.name).join(', ')}`);
    const handler = spans.find((span) => span.name === 'process exchange.v1.call.query');
    assert.ok(handler);
    assert.ok(
      queries.some((query) => ancestors(query, spans).includes(handler)),
      'the statement runs under the handler of a call it answers',
    );
    for (const query of queries) assert.equal(query.attributes['db.system.name'], 'postgresql');
  });

  it('continues, where a stream follower applies an event, the trace of the request that wrote it', async () => {
    const approved = await fixture.dock('tax');
    const traceId = approved.headers.get('x-trace-id')!;
    const applied = await spanSoon(() => inTrace(traceId).find((span) => span.name === `apply ${eventSubjects.exchange.dockingApproved}`));
    assert.equal(applied.kind, SpanKind.CONSUMER);
    assert.equal(applied.attributes['messaging.destination.name'], eventSubjects.exchange.dockingApproved);
    assert.ok(applied.parentSpanContext?.spanId, 'a child of a span of that trace');
  });
});

function pick(attributes: ReadableSpan['attributes'], keys: string[]) {
  return Object.fromEntries(keys.map((key) => [key, attributes[key]]));
}

function ancestors(span: ReadableSpan, spans: ReadableSpan[]): ReadableSpan[] {
  const found: ReadableSpan[] = [];
  for (let parent = span.parentSpanContext?.spanId; parent;) {
    const next = spans.find((candidate) => candidate.spanContext().spanId === parent);
    if (!next) break;
    found.push(next);
    parent = next.parentSpanContext?.spanId;
  }
  return found;
}

/** The first span `find` returns, polling the exporter until one is there. */
function spanSoon(find: () => ReadableSpan | undefined, timeoutMs = 5_000): Promise<ReadableSpan> {
  return eventually(
    async () => {
      const found = find();
      assert.ok(found, 'not found in time');
      return found;
    },
    timeoutMs,
    20,
  );
}
