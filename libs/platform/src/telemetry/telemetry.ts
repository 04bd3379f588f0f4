import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { AlwaysOffSampler, BatchSpanProcessor, NoopSpanProcessor, SimpleSpanProcessor, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';

export interface TelemetryOptions {
  serviceName: string;
  /** OTLP/HTTP endpoint; no export when absent (spans are still made, so trace ids exist). */
  otlpEndpoint?: string;
  /** Extra exporter, exported synchronously: tests pass an in-memory one. */
  exporter?: SpanExporter;
}

export interface Telemetry {
  shutdown(): Promise<void>;
}

let active: NodeSDK | undefined;

/**
 * Starts the OpenTelemetry SDK once per process. Call it before the app is created so the
 * global tracer provider is in place when the first span is made.
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  if (active) return { shutdown: async () => undefined };
  const processors: SpanProcessor[] = [];
  if (options.otlpEndpoint) {
    const url = `${options.otlpEndpoint.replace(/\/$/, '')}/v1/traces`;
    processors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url })));
  }
  if (options.exporter) processors.push(new SimpleSpanProcessor(options.exporter));
  // Without a processor the SDK registers no tracer provider and every trace id would be zeros.
  const exporting = processors.length > 0;
  if (!exporting) processors.push(new NoopSpanProcessor());
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({ 'service.name': options.serviceName }),
    spanProcessors: processors,
    // With nothing to export, spans are not recorded at all: they still carry trace ids (for
    // the x-trace-id header, logs and audit records) and propagate them, but cost next to
    // nothing on the hot paths. When exporting, OTEL_TRACES_SAMPLER may thin them out.
    ...(exporting ? {} : { sampler: new AlwaysOffSampler() }),
    instrumentations: [],
    // Metrics and logs exporters are configured explicitly when wanted, never by environment guess.
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  active = sdk;
  return {
    async shutdown() {
      if (active !== sdk) return;
      active = undefined;
      await sdk.shutdown();
    },
  };
}
