import 'reflect-metadata';
import { HealthServer, runMain, startTelemetry } from '@igs/platform';
import { loadGatewayConfig } from './config.js';

runMain('gateway', async () => {
  const config = loadGatewayConfig();
  startTelemetry({ serviceName: 'gateway', otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
  // Imported after telemetry starts, so the tracer provider is in place for the app's first span.
  const { createGatewayApp } = await import('./gateway-app.js');
  const app = await createGatewayApp(config);
  await app.listen(config.PORT, config.HOST);
  // The probes and /metrics on an internal port, never on the public one the Ingress exposes.
  await app.get(HealthServer).listen(config.HEALTH_PORT, config.HEALTH_HOST);
});
