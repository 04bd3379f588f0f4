import { metrics, type Counter, type Histogram, type Meter, type ObservableGauge, type UpDownCounter } from '@opentelemetry/api';
import { batchSizeBuckets, secondsBuckets, type MetricDefinition } from './metric-names.js';

type InstrumentOf<D extends MetricDefinition> = D['kind'] extends 'counter'
  ? Counter
  : D['kind'] extends 'histogram'
    ? Histogram
    : D['kind'] extends 'updowncounter'
      ? UpDownCounter
      : ObservableGauge;

/**
 * The platform's meter. Taken when an instrument is made, not at import: a meter taken
 * before startTelemetry registers the provider stays a no-op for good.
 */
export function platformMeter(): Meter {
  return metrics.getMeter('@igs/platform');
}

/**
 * Makes the instrument a definition of platformMetrics describes, with its name, unit and
 * description as defined; histograms get explicit buckets (seconds, or calls per batch).
 */
export function createInstrument<const D extends MetricDefinition>(definition: D, meter: Meter = platformMeter()): InstrumentOf<D> {
  const options = { unit: definition.unit, description: definition.description };
  switch (definition.kind) {
    case 'counter':
      return meter.createCounter(definition.name, options) as InstrumentOf<D>;
    case 'updowncounter':
      return meter.createUpDownCounter(definition.name, options) as InstrumentOf<D>;
    case 'gauge':
      return meter.createObservableGauge(definition.name, options) as InstrumentOf<D>;
    case 'histogram': {
      const explicitBucketBoundaries = definition.unit === 's' ? secondsBuckets : batchSizeBuckets;
      return meter.createHistogram(definition.name, { ...options, advice: { explicitBucketBoundaries } }) as InstrumentOf<D>;
    }
  }
}

/** Seconds since a `performance.now()` reading, the unit every duration histogram records. */
export function secondsSince(startMs: number): number {
  return (performance.now() - startMs) / 1000;
}
