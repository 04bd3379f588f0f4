import { Injectable } from '@nestjs/common';
import { AppError, createInstrument, platformMetrics, secondsSince } from '@igs/platform';
import type { Attributes, Counter, Histogram } from '@opentelemetry/api';
import type { AuditEntry } from './audit-record.js';

type Operation = AuditEntry['kind'];
type Outcome = 'answered' | 'denied' | 'failed';

/** The label of a catalog nobody found: a caller's made-up code must not become a series. */
const unknownCatalog = 'unknown';

/**
 * `igs.exchange.data_calls` and `igs.exchange.data_call.duration`. The attribute objects are
 * made once per catalog, operation, outcome and code and kept: an answered call (the hot
 * path) finds its own by operation and catalog and allocates nothing for its metrics.
 */
@Injectable()
export class CallMetrics {
  private readonly calls: Counter;
  private readonly duration: Histogram;
  private readonly answeredBy: Record<Operation, Map<string, Attributes>> = { query: new Map(), verify: new Map() };
  private readonly answeredTimed: Record<Operation, Attributes> = {
    query: { operation: 'query', outcome: 'answered' },
    verify: { operation: 'verify', outcome: 'answered' },
  };
  private readonly counted = new Map<string, Attributes>();
  private readonly timed = new Map<string, Attributes>();

  constructor() {
    this.calls = createInstrument(platformMetrics.dataCalls);
    this.duration = createInstrument(platformMetrics.dataCallDuration);
  }

  answered(operation: Operation, catalog: string, startMs: number): void {
    let counted = this.answeredBy[operation].get(catalog);
    if (!counted) {
      counted = { catalog, operation, outcome: 'answered' };
      this.answeredBy[operation].set(catalog, counted);
    }
    this.calls.add(1, counted);
    this.duration.record(secondsSince(startMs), this.answeredTimed[operation]);
  }

  /** Refused by the rules (or the request's form), and recorded as denied with this code. */
  denied(operation: Operation, catalog: string | undefined, code: string, startMs: number): void {
    this.record(operation, catalog ?? unknownCatalog, 'denied', code, startMs);
  }

  /** Not answered for want of its audit record (database down, deadline passed) or a failure after it. */
  failed(operation: Operation, catalog: string | undefined, error: unknown, startMs: number): void {
    this.record(operation, catalog ?? unknownCatalog, 'failed', error instanceof AppError ? error.code : 'PLATFORM.INTERNAL', startMs);
  }

  private record(operation: Operation, catalog: string, outcome: Exclude<Outcome, 'answered'>, code: string, startMs: number): void {
    const countedKey = `${catalog}\u0000${operation}\u0000${outcome}\u0000${code}`;
    let counted = this.counted.get(countedKey);
    if (!counted) {
      counted = { catalog, operation, outcome, 'error.type': code };
      this.counted.set(countedKey, counted);
    }
    this.calls.add(1, counted);
    const timedKey = `${operation}\u0000${outcome}`;
    let timed = this.timed.get(timedKey);
    if (!timed) {
      timed = { operation, outcome };
      this.timed.set(timedKey, timed);
    }
    this.duration.record(secondsSince(startMs), timed);
  }
}
