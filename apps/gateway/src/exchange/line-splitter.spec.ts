import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '@igs/platform';
import { LineSplitter } from './line-splitter.js';

describe(LineSplitter.name, () => {
  it('numbers the lines of chunks cut anywhere, a multi-byte character included', () => {
    const bytes = Buffer.from('{"a":"张三"}\r\n\n{"b":2}\nlast');
    for (let cut = 0; cut <= bytes.length; cut += 1) {
      const splitter = new LineSplitter(100);
      const lines = [...splitter.push(bytes.subarray(0, cut)), ...splitter.push(bytes.subarray(cut)), ...splitter.end()];
      assert.deepEqual(lines, [
        { line: 1, text: '{"a":"张三"}\r' },
        { line: 2, text: '' },
        { line: 3, text: '{"b":2}' },
        { line: 4, text: 'last' },
      ]);
    }
  });

  it('refuses a line over the limit, naming it, before the line is whole', () => {
    const splitter = new LineSplitter(10);
    assert.deepEqual(splitter.push(Buffer.from('short\n0123456789\n')).length, 2);
    assert.throws(
      () => splitter.push(Buffer.from('01234567890')),
      (error: unknown) =>
        error instanceof AppError && error.code === 'PLATFORM.PAYLOAD_TOO_LARGE' && error.message.startsWith('line 3 is longer than 10 bytes'),
    );
  });
});
