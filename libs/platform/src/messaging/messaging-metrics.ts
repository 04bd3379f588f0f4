import type { Attributes, Histogram } from '@opentelemetry/api';
import { NoRespondersError, TimeoutError } from '@nats-io/transport-node';
import { AppError, RemoteError } from '../errors/app-error.js';
import { createInstrument, secondsSince } from '../telemetry/instruments.js';
import { platformMetrics } from '../telemetry/metric-names.js';

/**
 * NATS request durations on both sides, by subject as the contracts name it (no node
 * prefix), outcome, and on failure `error.type`: the contracts' stable code, or what the
 * transport said (`no_responders`, `timeout`). A success records with one attribute object
 * kept per subject, so the hot path allocates none.
 */
export class MessagingMetrics {
  private readonly sent: Histogram;
  private readonly handled: Histogram;
  private readonly succeeded = new Map<string, Attributes>();

  constructor() {
    this.sent = createInstrument(platformMetrics.messagingRequestDuration);
    this.handled = createInstrument(platformMetrics.messagingHandlerDuration);
  }

  requestSent(subject: string, startMs: number, errorType?: string): void {
    this.sent.record(secondsSince(startMs), errorType === undefined ? this.okAttributes(subject) : failedAttributes(subject, errorType));
  }

  requestHandled(subject: string, startMs: number, errorType?: string): void {
    this.handled.record(secondsSince(startMs), errorType === undefined ? this.okAttributes(subject) : failedAttributes(subject, errorType));
  }

  private okAttributes(subject: string): Attributes {
    let attributes = this.succeeded.get(subject);
    if (!attributes) {
      attributes = { 'messaging.destination.name': subject, outcome: 'ok' };
      this.succeeded.set(subject, attributes);
    }
    return attributes;
  }
}

function failedAttributes(subject: string, errorType: string): Attributes {
  return { 'messaging.destination.name': subject, outcome: 'error', 'error.type': errorType };
}

/**
 * What went wrong, as a bounded label: the transport's `no_responders` or `timeout`, else the
 * error's stable code, else `fallback` (the code the failure is answered with).
 */
export function errorTypeOf(error: unknown, fallback = 'PLATFORM.INTERNAL'): string {
  if (error instanceof NoRespondersError) return 'no_responders';
  if (error instanceof TimeoutError) return 'timeout';
  if (error instanceof AppError || error instanceof RemoteError) return error.code;
  return fallback;
}
