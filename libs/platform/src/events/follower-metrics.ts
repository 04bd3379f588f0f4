import type { Meter, ObservableGauge } from '@opentelemetry/api';
import { createInstrument, platformMeter } from '../telemetry/instruments.js';
import { platformMetrics } from '../telemetry/metric-names.js';

export interface FollowerState {
  /** The stream's name without the deployment's prefix: bounded, and the same in every deployment. */
  stream: string;
  /** Events of the stream the follower has not applied, as its position watch last found. */
  lag(): number;
  current(): boolean;
}

const followers = new Set<FollowerState>();
let observing: { meter: Meter; lag: ObservableGauge; current: ObservableGauge } | undefined;

/**
 * Reports `igs.stream.follower.lag` and `igs.stream.follower.current` per stream until the
 * returned function is called. Several followers of one stream (one per subject) are one
 * series: the largest lag, and current only while every one is.
 */
export function reportFollower(state: FollowerState): () => void {
  const meter = platformMeter();
  // Once per meter provider: a process that starts telemetry anew (a test) observes anew.
  if (observing?.meter !== meter) {
    const lag = createInstrument(platformMetrics.followerLag, meter);
    const current = createInstrument(platformMetrics.followerCurrent, meter);
    observing = { meter, lag, current };
    meter.addBatchObservableCallback((result) => observe(result, lag, current), [lag, current]);
  }
  followers.add(state);
  return () => followers.delete(state);
}

function observe(
  result: { observe(metric: ObservableGauge, value: number, attributes: Record<string, string>): void },
  lag: ObservableGauge,
  current: ObservableGauge,
): void {
  const byStream = new Map<string, { lag: number; current: boolean }>();
  for (const follower of followers) {
    const seen = byStream.get(follower.stream);
    byStream.set(follower.stream, { lag: Math.max(seen?.lag ?? 0, follower.lag()), current: (seen?.current ?? true) && follower.current() });
  }
  for (const [stream, { lag: behind, current: isCurrent }] of byStream) {
    const attributes = { stream };
    result.observe(lag, behind, attributes);
    result.observe(current, isCurrent ? 1 : 0, attributes);
  }
}
