import { Controller, Get, Req, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { exchangeRequests, scopes, type RequestDefinition } from '@igs/contracts';
import { MessageBus } from '@igs/platform';
import { stringify } from 'csv-stringify/sync';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { callerOf } from '../auth/authentication.hook.js';
import type { GatewayRouteConfig } from '../http/route-config.js';
import { spreadsheetCsv, spreadsheetText } from './spreadsheet-cells.js';

const pageSize = 1000;

/** How each list becomes CSV columns; arrays are joined with ";". */
const exportable: Record<string, { request: RequestDefinition; columns: string[] }> = {
  docking: {
    request: exchangeRequests.listDocking,
    columns: ['id', 'catalogCode', 'providerDepartment', 'consumerDepartment', 'consumerApp', 'fields', 'purpose', 'legalBasis', 'validFrom', 'validTo', 'dailyQuota', 'status', 'statusReason', 'createdAt'],
  },
  negative: { request: exchangeRequests.listNegative, columns: ['id', 'catalogCode', 'field', 'legalBasis', 'setBy', 'createdAt'] },
  responsibilities: { request: exchangeRequests.listResponsibilities, columns: ['catalogCode', 'catalogName', 'departmentCode', 'fields', 'legalBasis', 'createdAt'] },
};

/**
 * CSV export of the three lists. A NATS reply holds at most a megabyte, so the gateway
 * reads the list page by page and writes one file.
 */
@Controller()
export class ListExportController {
  constructor(private readonly bus: MessageBus) {}

  // Static paths, so they win over `/docking/{id}` in the router.
  @Get(Object.keys(exportable).map((list) => `/api/v1/exchange/${list}/export.csv`))
  @RouteConfig({ access: { scopes: [scopes.exchangeRead] } } satisfies GatewayRouteConfig)
  async export(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const list = request.url.split('?')[0].split('/').at(-2) ?? '';
    const caller = callerOf(request);
    const spec = exportable[list];
    const rows: Record<string, unknown>[] = [];
    for (let page = 1; ; page += 1) {
      const answer = (await this.bus.request(spec.request, { page, size: pageSize }, caller, { requestId: request.id })) as { entries: Record<string, unknown>[]; total: number };
      rows.push(...answer.entries);
      if (answer.entries.length < pageSize || rows.length >= answer.total) break;
    }
    const csv = stringify(
      // A list's items are made safe one by one: the ";" between them may start a cell too.
      rows.map((row) => spec.columns.map((column) => (Array.isArray(row[column]) ? (row[column] as unknown[]).map((item) => spreadsheetText(String(item))).join(';') : (row[column] ?? '')))),
      { ...spreadsheetCsv, header: true, columns: spec.columns },
    );
    return reply
      .status(200)
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${list}.csv"`)
      .send(csv);
  }
}
