import 'reflect-metadata';
import { runMain, startTelemetry } from '@igs/platform';
import { loadExchangeConfig } from './config.js';

runMain('exchange', async () => {
  const config = loadExchangeConfig();
  startTelemetry({ serviceName: 'exchange', otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
  const { createExchangeApp } = await import('./exchange-app.js');
  const app = await createExchangeApp(config);
  await app.listen(config.HEALTH_PORT, config.HEALTH_HOST);
});
