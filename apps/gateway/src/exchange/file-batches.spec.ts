import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '@igs/platform';
import { sendFile, type BatchAnswer, type FileItems, type Unreadable } from './file-batches.js';

interface Row {
  line: number;
  text: string;
}

async function* groups<T>(...chunks: T[][]): FileItems<T> {
  for (const chunk of chunks) yield chunk;
}

const row = (line: number, length = 10): Row => ({ line, text: 'x'.repeat(length) });

describe(sendFile.name, () => {
  it('cuts batches by rows and by encoded bytes, keeps at most the allowed batches under way, and adds up the answers', async () => {
    const sent: number[][] = [];
    let running = 0;
    let most = 0;
    const send = async (rows: Row[]): Promise<BatchAnswer> => {
      sent.push(rows.map((r) => r.line));
      most = Math.max(most, (running += 1));
      await new Promise((resolve) => setTimeout(resolve, 5));
      running -= 1;
      return { accepted: rows.length - 1, rejected: [{ line: rows[0].line, reason: 'refused' }] };
    };
    const rowBytes = Buffer.byteLength(JSON.stringify(row(1))) + 1;
    const bad: Unreadable = { line: 4, reason: 'the line is not valid JSON' };
    const items = groups<Row | Unreadable>([row(1), row(2), row(3)], [bad, row(5), row(6)], [row(7, 3 * rowBytes)], [row(8), row(9)]);
    const result = await sendFile(items, { rows: 2, bytes: 3 * rowBytes + 40, inFlight: 2 }, send);

    assert.deepEqual(sent, [[1, 2], [3, 5], [6], [7], [8, 9]], 'two rows a batch, and the long row alone');
    assert.equal(most, 2);
    assert.deepEqual([result.total, result.accepted], [9, 3]);
    assert.deepEqual(
      result.rejected.map((r) => r.line),
      [1, 3, 4, 6, 7, 8],
    );
  });

  it('refuses a row too long for any batch with its line, saying what the rows before it became', async () => {
    const send = async (rows: Row[]): Promise<BatchAnswer> => ({ accepted: rows.length, rejected: [] });
    await assert.rejects(sendFile(groups([row(1), row(2), row(3, 500)]), { rows: 1, bytes: 100, inFlight: 1 }, send), (error: unknown) => {
      assert.ok(error instanceof AppError);
      assert.equal(error.code, 'PLATFORM.PAYLOAD_TOO_LARGE');
      assert.match(error.message, /^line 3 is longer than 100 bytes.*; of the rows before it, 2 were stored$/);
      assert.deepEqual((error.details as { errors: unknown[] }).errors, [
        { in: 'body', field: 'line 3', message: 'longer than 100 bytes, the most one row may take' },
      ]);
      return true;
    });
  });

  it('fails with the first failed batch, once the batches under way are answered', async () => {
    let answered = 0;
    const send = async (rows: Row[]): Promise<BatchAnswer> => {
      await new Promise((resolve) => setTimeout(resolve, rows[0].line === 1 ? 1 : 20));
      if (rows[0].line === 1) throw new AppError('PLATFORM.UPSTREAM_TIMEOUT', 'late');
      answered += 1;
      return { accepted: 1, rejected: [] };
    };
    await assert.rejects(sendFile(groups([row(1), row(2), row(3), row(4)]), { rows: 1, bytes: 1000, inFlight: 2 }, send), /late/);
    assert.equal(answered, 1, 'the batch under way was answered; none was sent after the failure');
  });
});
