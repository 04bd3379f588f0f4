import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { echoRoute, httpRoutes } from '@igs/contracts';
import { createApp, createLogger, type AppLogger } from '@igs/platform';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { GatewayConfig } from './config.js';
import { registerForwardedRoutes } from './forwarding/forwarded-routes.js';
import { RouteForwarder } from './forwarding/route-forwarder.js';
import { GatewayAppModule } from './gateway-app.module.js';
import { answerClientError } from './http/client-error.js';
import { ProblemFilter } from './http/problem.filter.js';
import { installRequestTracing, requestIdOf } from './http/request-tracing.js';
import { buildOpenApiDocument } from './openapi/openapi-document.js';

const apiVersion = '1.0.0';

/** The HTTP front door: validation, problem+json errors, OpenAPI, and forwarding over NATS. */
export async function createGatewayApp(
  config: GatewayConfig,
  logger: AppLogger = createLogger('gateway', config.LOG_LEVEL),
): Promise<NestFastifyApplication> {
  const openapi = buildOpenApiDocument(apiVersion, config.OIDC_ISSUER);
  const app = await createApp(GatewayAppModule.forRoot(config, logger, openapi), {
    logger,
    fastify: {
      bodyLimit: config.BODY_LIMIT_BYTES,
      trustProxy: config.TRUST_PROXY,
      requestIdHeader: false,
      genReqId: (request) => requestIdOf(request.headers),
      routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
      clientErrorHandler: answerClientError,
    },
  });
  const fastify = app.getHttpAdapter().getInstance();
  // JSON only: any other body gets 415 rather than reaching validation as a string.
  fastify.removeContentTypeParser('text/plain');
  // Bulk import files arrive as text, read by the import route; nothing else accepts them.
  for (const type of ['application/x-ndjson', 'text/csv']) {
    fastify.addContentTypeParser(type, { parseAs: 'string', bodyLimit: config.IMPORT_LIMIT_BYTES }, (_request, body, done) => done(null, body));
  }
  installRequestTracing(fastify);
  registerForwardedRoutes(fastify, app.get(RouteForwarder), config.DIAGNOSTIC_ROUTES ? [...httpRoutes, echoRoute] : httpRoutes, logger);
  app.useGlobalFilters(new ProblemFilter(logger));
  await app.register(fastifySwagger, { mode: 'static', specification: { document: openapi as never } });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });
  return app;
}
