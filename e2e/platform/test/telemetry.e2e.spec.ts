import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTelemetry, type Telemetry } from '@igs/platform';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { newItemBody } from '@igs/testing';
import { http } from './http.js';
import { startPlatform, type RunningPlatform } from './platform.js';
import { appToken, bearer, demoApps } from './tokens.js';

describe('one trace across gateway, NATS and the item service', () => {
  const exporter = new InMemorySpanExporter();
  let telemetry: Telemetry;
  let platform: RunningPlatform;
  let auth: Record<string, string>;

  before(async () => {
    telemetry = startTelemetry({ serviceName: 'e2e', exporter });
    platform = await startPlatform();
    auth = bearer(await appToken(platform.issuer, demoApps.admin, 'items:read items:write'));
  });
  after(async () => {
    await platform?.stop();
    await telemetry?.shutdown();
  });

  it('puts the HTTP span, the NATS send and the item handler in the trace returned to the caller', async () => {
    const answer = await http(platform.url, 'POST', '/api/v1/items', newItemBody(), auth);
    assert.equal(answer.status, 201);
    const traceId = answer.headers.get('x-trace-id')!;

    const spans = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
    const byName = (name: string) => spans.find((s) => s.name === name);
    const server = byName('POST /api/v1/items');
    const send = byName('send item.v1.item.create');
    const handle = byName('process item.v1.item.create');
    assert.ok(server && send && handle, `spans in the trace: ${spans.map((s) => s.name).join(', ')}`);
    assert.equal(parentOf(send), server.spanContext().spanId, 'the NATS send is a child of the HTTP span');
    assert.equal(parentOf(handle), send.spanContext().spanId, 'the item handler continues the trace from NATS headers');
  });

  it('continues a trace the caller started with traceparent', async () => {
    const callerTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
    const answer = await http(platform.url, 'GET', '/api/v1/items?size=1', undefined, { ...auth, traceparent: `00-${callerTrace}-00f067aa0ba902b7-01` });
    assert.equal(answer.headers.get('x-trace-id'), callerTrace);
    const handled = exporter
      .getFinishedSpans()
      .filter((s) => s.spanContext().traceId === callerTrace)
      .map((s) => s.name);
    assert.ok(handled.includes('process item.v1.item.search'), handled.join(', '));
  });
});

function parentOf(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}
