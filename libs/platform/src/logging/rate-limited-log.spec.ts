import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { createLogger } from './logger.js';
import { RateLimitedLog } from './rate-limited-log.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger('spec', 'info', sink), lines };
}

describe(RateLimitedLog.name, () => {
  it('logs the first failure of a kind in full, then one line with the count per interval', async () => {
    const { logger, lines } = capture();
    const log = new RateLimitedLog(logger, 100);
    for (let n = 0; n < 50; n += 1) log.error('database', { err: new Error(`refused ${n}`) }, 'request failed');
    log.warn('late', { subject: 'a' }, 'request dropped');
    assert.equal(lines.length, 2, 'one line per kind so far');
    assert.equal(lines[0].msg, 'request failed');
    assert.match(String((lines[0].err as { stack?: string }).stack), /refused 0/);
    assert.equal(lines[1].msg, 'request dropped');

    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal(lines.length, 3, 'the repeats are summed up once the interval is over');
    assert.equal(lines[2].kind, 'database');
    assert.equal(lines[2].repeated, 49);
    assert.equal(lines[2].err, undefined, 'no stack in the summary');

    log.error('database', { err: new Error('refused again') }, 'request failed');
    assert.equal(lines.length, 4, 'a new interval logs the next one in full');
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal(lines.length, 4, 'nothing to sum up when it did not repeat');
  });
});
