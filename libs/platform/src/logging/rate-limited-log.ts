import type { Logger } from 'pino';

interface Kind {
  since: number;
  repeated: number;
  level: 'error' | 'warn';
  message: string;
  timer?: NodeJS.Timeout;
}

/**
 * Logs each kind of failure once per interval: its first occurrence in full (error and
 * stack), the others counted and reported in one line when the interval ends. An outage of
 * a dependency then costs a few lines a minute instead of a line with a stack for every call
 * that failed (tens of megabytes in a few minutes at the data-call rate).
 */
export class RateLimitedLog {
  private readonly kinds = new Map<string, Kind>();

  constructor(
    private readonly logger: Logger,
    private readonly intervalMs = 10_000,
  ) {}

  error(kind: string, fields: Record<string, unknown>, message: string): void {
    this.log('error', kind, fields, message);
  }

  warn(kind: string, fields: Record<string, unknown>, message: string): void {
    this.log('warn', kind, fields, message);
  }

  private log(level: Kind['level'], kind: string, fields: Record<string, unknown>, message: string): void {
    const now = Date.now();
    const known = this.kinds.get(kind);
    if (known && now - known.since < this.intervalMs) {
      known.repeated += 1;
      known.timer ??= setTimeout(() => this.flush(kind), known.since + this.intervalMs - now).unref();
      return;
    }
    if (known) this.flush(kind);
    this.kinds.set(kind, { since: now, repeated: 0, level, message });
    this.logger[level]({ ...fields, kind }, message);
  }

  private flush(kind: string): void {
    const known = this.kinds.get(kind);
    if (!known) return;
    this.kinds.delete(kind);
    clearTimeout(known.timer);
    if (known.repeated === 0) return;
    this.logger[known.level](
      { kind, repeated: known.repeated, intervalMs: this.intervalMs },
      `${known.message} (${known.repeated} more times in ${this.intervalMs / 1000} s)`,
    );
  }
}
