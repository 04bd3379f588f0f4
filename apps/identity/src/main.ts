import 'reflect-metadata';
import { HealthServer, runMain, startTelemetry } from '@igs/platform';
import { loadIdentityConfig } from './config.js';

runMain('identity', async () => {
  const config = loadIdentityConfig();
  startTelemetry({ serviceName: 'identity', otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
  const { createIdentityApp } = await import('./identity-app.js');
  const app = await createIdentityApp(config);
  await app.listen(config.IDENTITY_PORT, config.IDENTITY_HOST);
  // The probes and /metrics on an internal port, never on the public one the Ingress exposes.
  await app.get(HealthServer).listen(config.HEALTH_PORT, config.HEALTH_HOST);
});
