import { createApp, createLogger, installHttpMetrics, type AppLogger } from '@igs/platform';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppsService } from './apps/apps.service.js';
import type { IdentityConfig } from './config.js';
import { IdentityAppModule } from './identity-app.module.js';
import { mountOidc } from './oidc/oidc.mount.js';
import { OidcService } from './oidc/oidc.service.js';
import type { SmsSender } from './sms/sms-sender.js';

/**
 * The identity service: the OpenID provider and its sign-in pages over HTTP (public:
 * discovery, JWKS, token endpoint), and department app administration over NATS.
 */
export async function createIdentityApp(
  config: IdentityConfig,
  logger: AppLogger = createLogger('identity', config.LOG_LEVEL),
  smsSender?: SmsSender,
): Promise<NestFastifyApplication> {
  const app = await createApp(IdentityAppModule.forRoot(config, logger, smsSender), {
    logger,
    fastify: { trustProxy: config.TRUST_PROXY, bodyLimit: 64 * 1024 },
  });
  const fastify = app.getHttpAdapter().getInstance();
  installHttpMetrics(fastify);
  mountOidc(fastify, app.get(OidcService), app.get(AppsService));
  return app;
}
