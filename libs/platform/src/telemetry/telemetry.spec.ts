import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { metrics, trace } from '@opentelemetry/api';
import { startTelemetry } from './telemetry.js';

describe(startTelemetry.name, () => {
  const received: { url?: string; type?: string; body: Buffer }[] = [];
  const collector = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ url: request.url, type: request.headers['content-type'], body: Buffer.concat(chunks) });
      response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });

  before(() => new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve)));
  after(() => new Promise<void>((resolve) => collector.close(() => resolve())));

  it('exports spans and metrics over OTLP/HTTP to the configured endpoint, named after the service', async () => {
    const { port } = collector.address() as AddressInfo;
    const telemetry = startTelemetry({ serviceName: 'telemetry-spec', otlpEndpoint: `http://127.0.0.1:${port}/` });
    const span = trace.getTracer('spec').startSpan('exported-span');
    assert.match(span.spanContext().traceId, /^(?!0{32})[0-9a-f]{32}$/);
    span.end();
    metrics.getMeter('spec').createCounter('igs.spec.counter').add(1);
    await telemetry.shutdown();

    const traces = received.filter((r) => r.url === '/v1/traces');
    assert.equal(traces.length, 1);
    assert.equal(traces[0].type, 'application/x-protobuf');
    const body = traces[0].body.toString('latin1');
    assert.ok(body.includes('telemetry-spec'), 'the resource names the service');
    assert.ok(body.includes('exported-span'), 'the span is in the export');
    const metricExports = received.filter((r) => r.url === '/v1/metrics');
    assert.ok(metricExports.length >= 1, 'metrics are pushed to the same endpoint at shutdown');
    assert.ok(
      metricExports.some((r) => r.body.toString('latin1').includes('igs.spec.counter')),
      'the counter is in the metrics export',
    );
  });
});
