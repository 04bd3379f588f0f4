import type { Counter, Meter } from '@opentelemetry/api';
import { streams, type StreamKey } from '@igs/contracts';
import type { AppLogger } from '../logging/logger.token.js';
import { RateLimitedLog } from '../logging/rate-limited-log.js';
import { createInstrument, platformMeter } from '../telemetry/instruments.js';
import { platformMetrics } from '../telemetry/metric-names.js';

let counting: { meter: Meter; counter: Counter } | undefined;

function refusedCounter(): Counter {
  const meter = platformMeter();
  // Once per meter provider: a process that starts telemetry anew (a test) counts anew.
  if (counting?.meter !== meter) counting = { meter, counter: createInstrument(platformMetrics.eventsRefused, meter) };
  return counting.counter;
}

/** The stream that holds an event subject, as the contracts name it (without the deployment's prefix). */
export function streamOfEvent(subject: string): string {
  const key = (Object.keys(streams) as StreamKey[]).find((stream) => streams[stream].subjects.some((captured) => subject.startsWith(captured.slice(0, -1))));
  return key ? streams[key].name : 'none';
}

/**
 * Refuses events whose envelope or data does not parse: not applied, counted in
 * `igs.events.refused`, and logged once per interval per subject. A refused event is passed
 * over rather than retried (parsing it again gives the same answer), so one bad event never
 * holds up the copy behind it; the counter and its alert say that the copy misses something.
 */
export class EventRefusals {
  private readonly log: RateLimitedLog;

  constructor(logger: AppLogger) {
    this.log = new RateLimitedLog(logger, 30_000);
  }

  refuse(subject: string, stream: string, reason: Record<string, unknown>): void {
    refusedCounter().add(1, { 'messaging.destination.name': subject, stream });
    this.log.warn(`refused ${subject}`, { subject, stream, ...reason }, 'event refused: it does not parse against its definition');
  }
}
