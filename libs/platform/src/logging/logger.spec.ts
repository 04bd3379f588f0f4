import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { trace } from '@opentelemetry/api';
import { startTelemetry, type Telemetry } from '../telemetry/telemetry.js';
import { createLogger } from './logger.js';

describe(createLogger.name, () => {
  let telemetry: Telemetry;
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  before(() => (telemetry = startTelemetry({ serviceName: 'logger-spec' })));
  after(() => telemetry.shutdown());

  it('names the active trace as OpenTelemetry does in logs: trace_id, span_id and trace_flags', () => {
    const logger = createLogger('spec', 'info', sink);
    trace.getTracer('spec').startActiveSpan('logged', (active) => {
      logger.info('inside');
      active.end();
    });
    logger.info('outside');
    const [inside, outside] = lines;
    assert.match(String(inside.trace_id), /^(?!0{32})[0-9a-f]{32}$/);
    assert.match(String(inside.span_id), /^(?!0{16})[0-9a-f]{16}$/);
    assert.match(String(inside.trace_flags), /^[0-9a-f]{2}$/);
    assert.equal(inside.traceId, undefined, 'not the old names');
    assert.equal(outside.trace_id, undefined, 'no trace, no trace id');
  });
});
