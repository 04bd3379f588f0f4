import { AppError } from '@igs/platform';

export interface Unreadable {
  line: number;
  reason: string;
}

export interface RejectedRow {
  line: number;
  reason: string;
  code?: string;
}

export interface BatchAnswer {
  accepted: number;
  rejected: RejectedRow[];
}

export interface BatchLimits {
  /** Rows per batch, as the service's contract allows. */
  rows: number;
  /** Bytes per batch, rows encoded as JSON: a NATS message has a maximum size. */
  bytes: number;
  /** Batches sent at a time; the file is not read further while they are. */
  inFlight: number;
}

/** What a file reader yields, a chunk's worth at a time: rows to send, and lines it could not read. */
export type FileItems<Row> = AsyncIterable<(Row | Unreadable)[]>;

/**
 * Sends the rows of an uploaded file to a service in batches, a few at a time, while the
 * file is still arriving, and adds up the answers. The file is read only as fast as the
 * batches are answered, so the gateway holds a few batches of it, never all of it.
 */
export async function sendFile<Row extends { line: number }>(
  items: FileItems<Row>,
  limits: BatchLimits,
  send: (rows: Row[]) => Promise<BatchAnswer>,
): Promise<{ total: number; accepted: number; rejected: RejectedRow[] }> {
  const batches = new Batches(limits, send);
  const unreadable: Unreadable[] = [];
  let total = 0;
  try {
    for await (const group of items) {
      for (const item of group) {
        total += 1;
        if ('reason' in item) {
          unreadable.push(item);
          continue;
        }
        const wait = batches.add(item);
        if (wait) await wait;
      }
    }
    await batches.finish();
  } catch (error) {
    // A file refused part-way still has its rows before the bad spot sent, so that the client
    // can be told what became of them; a failed batch stops the others.
    const fileError = error instanceof AppError && !batches.failure;
    await (fileError ? batches.finish().catch(() => undefined) : batches.settle());
    throw fileError && !batches.failure ? withProgress(error, batches.accepted) : error;
  }
  const rejected = [...unreadable, ...batches.rejected].sort((a, b) => a.line - b.line);
  return { total, accepted: batches.accepted, rejected };
}

/** A row too large for one message is refused with its line: it cannot be sent in any batch. */
export function rowTooLarge(line: number, maxBytes: number): AppError {
  const message = `longer than ${maxBytes} bytes, the most one row may take`;
  return new AppError('PLATFORM.PAYLOAD_TOO_LARGE', `line ${line} is ${message}`, { errors: [{ in: 'body', field: `line ${line}`, message }] });
}

/** A file refused part-way (a line too long, a pause too long): say what its earlier rows became. */
function withProgress(error: AppError, accepted: number): AppError {
  return new AppError(error.code, `${error.message}; of the rows before it, ${accepted} were stored`, error.details);
}

class Batches<Row extends { line: number }> {
  accepted = 0;
  readonly rejected: RejectedRow[] = [];
  failure?: unknown;
  private batch: Row[] = [];
  private bytes = 0;
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly limits: BatchLimits,
    private readonly send: (rows: Row[]) => Promise<BatchAnswer>,
  ) {}

  /** Queues a row; waits only when a batch leaves and the most batches are under way. */
  add(row: Row): Promise<void> | undefined {
    if (this.failure) throw this.failure;
    // Measured as sent: a parsed row may encode longer than its line (1e9 becomes 1000000000).
    const size = Buffer.byteLength(JSON.stringify(row)) + 1;
    if (size > this.limits.bytes) throw rowTooLarge(row.line, this.limits.bytes);
    const wait = this.batch.length >= this.limits.rows || this.bytes + size > this.limits.bytes ? this.flush() : undefined;
    this.batch.push(row);
    this.bytes += size;
    return wait;
  }

  async finish(): Promise<void> {
    if (this.batch.length > 0) this.flush();
    await this.settle();
    if (this.failure) throw this.failure;
  }

  async settle(): Promise<void> {
    await Promise.all(this.running);
  }

  private flush(): Promise<void> | undefined {
    const rows = this.batch;
    this.batch = [];
    this.bytes = 0;
    const task: Promise<void> = this.send(rows).then(
      (answer) => {
        this.accepted += answer.accepted;
        this.rejected.push(...answer.rejected);
      },
      (error: unknown) => {
        this.failure ??= error;
      },
    );
    const running = task.then(() => {
      this.running.delete(running);
    });
    this.running.add(running);
    return this.running.size >= this.limits.inFlight ? Promise.race(this.running) : undefined;
  }
}
