import { rowTooLarge } from './file-batches.js';

export interface Line {
  line: number;
  text: string;
}

/**
 * Cuts a byte stream into lines as its chunks arrive, numbering them from 1, and refuses a
 * line longer than `maxLineBytes` as soon as it is, without holding more of it. A line is
 * decoded once it is whole: "\n" never occurs inside a multi-byte UTF-8 character, so one
 * split across chunks decodes right.
 */
export class LineSplitter {
  private next = 1;
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(private readonly maxLineBytes: number) {}

  push(chunk: Buffer): Line[] {
    const lines: Line[] = [];
    let start = 0;
    for (let end = chunk.indexOf(10); end !== -1; end = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, end);
      this.check(piece.length);
      lines.push({ line: this.next, text: this.pendingBytes === 0 ? piece.toString('utf8') : Buffer.concat([...this.pending, piece]).toString('utf8') });
      this.pending = [];
      this.pendingBytes = 0;
      this.next += 1;
      start = end + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      this.check(rest.length);
      this.pending.push(rest);
      this.pendingBytes += rest.length;
    }
    return lines;
  }

  /** The last line, when the file does not end with a newline. */
  end(): Line[] {
    if (this.pendingBytes === 0) return [];
    const last = { line: this.next, text: Buffer.concat(this.pending).toString('utf8') };
    this.pending = [];
    this.pendingBytes = 0;
    return [last];
  }

  private check(bytes: number): void {
    if (this.pendingBytes + bytes > this.maxLineBytes) throw rowTooLarge(this.next, this.maxLineBytes);
  }
}
