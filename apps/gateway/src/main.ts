import 'reflect-metadata';
import { runMain, startTelemetry } from '@igs/platform';
import { loadGatewayConfig } from './config.js';

runMain('gateway', async () => {
  const config = loadGatewayConfig();
  startTelemetry({ serviceName: 'gateway', otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
  // Imported after telemetry starts, so the tracer provider is in place for the app's first span.
  const { createGatewayApp } = await import('./gateway-app.js');
  const app = await createGatewayApp(config);
  await app.listen(config.PORT, config.HOST);
});
