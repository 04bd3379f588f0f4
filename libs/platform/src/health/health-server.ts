import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { serveMetrics } from '../telemetry/metrics-endpoint.js';
import { HealthRegistry } from './health.registry.js';

/**
 * The internal health port of an app whose main HTTP server is public (the gateway,
 * identity): the probes and /metrics, kept off the port the Ingress exposes. Apps whose
 * Nest server is the health port itself (item, exchange) import MetricsModule instead.
 */
@Injectable()
export class HealthServer implements OnApplicationShutdown {
  private server?: Server;

  constructor(private readonly registry: HealthRegistry) {}

  async listen(port: number, host: string): Promise<number> {
    const server = createServer((request, response) => void this.answer(request, response));
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
    this.server = server;
    return (server.address() as AddressInfo).port;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise((resolve) => server.close(resolve));
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') return json(response, 405, { status: 'method not allowed' });
    if (path === '/metrics') return serveMetrics(request, response);
    if (path === '/health/live') return json(response, 200, { status: 'live' });
    if (path === '/health/ready') {
      const report = await this.registry.report();
      return json(response, report.ready ? 200 : 503, { status: report.ready ? 'ready' : 'not ready', checks: report.checks });
    }
    json(response, 404, { status: 'not found' });
  }
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}
