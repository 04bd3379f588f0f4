import 'reflect-metadata';
import { runMain, startTelemetry } from '@igs/platform';
import { loadItemConfig } from './config.js';

runMain('item', async () => {
  const config = loadItemConfig();
  startTelemetry({ serviceName: 'item', otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
  // Imported after telemetry starts, so the tracer provider is in place for the app's first span.
  const { createItemApp } = await import('./item-app.js');
  const app = await createItemApp(config);
  await app.listen(config.HEALTH_PORT, config.HEALTH_HOST);
});
