import type { Server } from 'node:http';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { echoRoute, httpRoutes } from '@igs/contracts';
import { createApp, createLogger, installHttpMetrics, type AppLogger } from '@igs/platform';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyHttpOptions } from 'fastify';
import { installAuthentication } from './auth/authentication.hook.js';
import { Authenticator } from './auth/authenticator.js';
import type { GatewayConfig } from './config.js';
import { registerUploadParsers } from './exchange/upload.js';
import { registerForwardedRoutes } from './forwarding/forwarded-routes.js';
import { RouteForwarder } from './forwarding/route-forwarder.js';
import { GatewayAppModule } from './gateway-app.module.js';
import { installBodyTimeout } from './http/body-timeout.js';
import { answerClientError } from './http/client-error.js';
import { capConnectionsPerAddress } from './http/connection-cap.js';
import { continueOnceAdmitted } from './http/expect-continue.js';
import { frameworkErrorAnswerer } from './http/framework-errors.js';
import { ProblemFilter } from './http/problem.filter.js';
import { installAccessLog } from './http/access-log.js';
import { installRequestTracing, requestIdOf } from './http/request-tracing.js';
import { installResponseHeaders } from './http/response-headers.js';
import { buildOpenApiDocument } from './openapi/openapi-document.js';

const apiVersion = '1.0.0';
const maxParamLength = 200;

/** The HTTP front door: validation, problem+json errors, OpenAPI, and forwarding over NATS. */
export async function createGatewayApp(config: GatewayConfig, logger: AppLogger = createLogger('gateway', config.LOG_LEVEL)): Promise<NestFastifyApplication> {
  const openapi = buildOpenApiDocument(apiVersion, config.OIDC_ISSUER, { email: config.API_CONTACT_EMAIL, url: config.API_CONTACT_URL });
  const fastify: FastifyHttpOptions<Server> = {
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: config.TRUST_PROXY,
    requestIdHeader: false,
    genReqId: (request) => requestIdOf(request.headers),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength },
    // Slow headers (and new connections that send nothing) are answered 408 by answerClientError;
    // Node checks its connections this often, so a timeout is late by at most that much.
    http: { headersTimeout: config.HEADERS_TIMEOUT_MS, connectionsCheckingInterval: Math.min(1000, Math.max(50, Math.floor(config.HEADERS_TIMEOUT_MS / 4))) },
    clientErrorHandler: answerClientError,
    frameworkErrors: frameworkErrorAnswerer(maxParamLength, logger),
  };
  const app = await createApp(GatewayAppModule.forRoot(config, logger, openapi), { logger, fastify });
  const instance = app.getHttpAdapter().getInstance();
  // JSON only: any other body gets 415 rather than reaching validation as a string.
  instance.removeContentTypeParser('text/plain');
  registerUploadParsers(instance, config.IMPORT_LIMIT_BYTES);
  // In this order, before any body is read: the trace, the headers every answer carries, the
  // connection cap, the caller (see route-config.ts for what each route declares), and only
  // then the body, within its time. Metrics and the access log read each answer as it ends.
  installRequestTracing(instance);
  installHttpMetrics(instance);
  installAccessLog(instance, logger, { enabled: config.ACCESS_LOG === 'on', sample: config.ACCESS_LOG_SAMPLE });
  installResponseHeaders(instance);
  capConnectionsPerAddress(instance, app.getHttpServer(), config.MAX_CONNECTIONS_PER_ADDRESS);
  installAuthentication(instance, app.get(Authenticator));
  continueOnceAdmitted(instance, app.getHttpServer(), { bodyBytes: config.BODY_LIMIT_BYTES, uploadBytes: config.IMPORT_LIMIT_BYTES });
  installBodyTimeout(instance, app.getHttpServer(), config.BODY_TIMEOUT_MS, logger);
  registerForwardedRoutes(instance, app.get(RouteForwarder), config.DIAGNOSTIC_ROUTES ? [...httpRoutes, echoRoute] : httpRoutes, logger);
  app.useGlobalFilters(new ProblemFilter(logger));
  await app.register(fastifySwagger, { mode: 'static', specification: { document: openapi as never } });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });
  return app;
}
