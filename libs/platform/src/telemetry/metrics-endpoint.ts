import type { IncomingMessage, ServerResponse } from 'node:http';
import { Controller, Get, Module, Req, Res } from '@nestjs/common';
import type { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import type { FastifyReply, FastifyRequest } from 'fastify';

let exporter: PrometheusExporter | undefined;

/** Set by startTelemetry: the reader /metrics answers from. */
export function usePrometheusExporter(prometheus: PrometheusExporter | undefined): void {
  exporter = prometheus;
}

/** Answers a scrape in the Prometheus text format, as the exporter's own server would. */
export function serveMetrics(request: IncomingMessage, response: ServerResponse): void {
  if (!exporter) {
    response.writeHead(503, { 'content-type': 'text/plain' }).end('telemetry is not started\n');
    return;
  }
  exporter.getMetricsRequestHandler(request, response);
}

/** `GET /metrics`, for apps whose Nest HTTP server is their health port (item, exchange). */
@Controller('metrics')
export class MetricsController {
  @Get()
  scrape(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    reply.hijack();
    serveMetrics(request.raw, reply.raw);
  }
}

@Module({ controllers: [MetricsController] })
export class MetricsModule {}
