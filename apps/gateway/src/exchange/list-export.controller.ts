import { Controller, Get, Req, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { listExports } from '@igs/contracts';
import { AppError } from '@igs/platform';
import { stringify } from 'csv-stringify/sync';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ForwardingTails } from '../forwarding/forwarding-tail.js';
import type { GatewayRouteConfig } from '../http/route-config.js';
import { spreadsheetCsv, spreadsheetText } from './spreadsheet-cells.js';

const pageSize = 1000;

/** The exports by their route's path. */
const exportable = new Map(listExports.map((entry) => [entry.path, entry]));

/**
 * CSV export of the three lists. A NATS reply holds at most a megabyte, so the gateway
 * reads the list page by page and writes one file.
 */
@Controller()
export class ListExportController {
  constructor(private readonly tails: ForwardingTails) {}

  // Static paths, so they win over `/docking/{id}` in the router.
  @Get(listExports.map((entry) => entry.path))
  // All three need the same scope: one route config serves them (the contracts' spec checks it).
  @RouteConfig({ access: { scopes: [...listExports[0].scopes] } } satisfies GatewayRouteConfig)
  async export(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const tail = this.tails.of(request);
    const spec = exportable.get(request.routeOptions.url ?? '');
    if (!spec) throw new AppError('PLATFORM.ROUTE_NOT_FOUND', 'no list export has this path');
    const { list } = spec;
    const rows: Record<string, unknown>[] = [];
    for (let page = 1; ; page += 1) {
      const answer = (await tail.send(spec.request, { page, size: pageSize })) as { entries: Record<string, unknown>[]; total: number };
      rows.push(...answer.entries);
      if (answer.entries.length < pageSize || rows.length >= answer.total) break;
    }
    const csv = stringify(
      // A list's items are made safe one by one: the ";" between them may start a cell too.
      rows.map((row) =>
        spec.columns.map((column) =>
          Array.isArray(row[column]) ? (row[column] as unknown[]).map((item) => spreadsheetText(String(item))).join(';') : (row[column] ?? ''),
        ),
      ),
      { ...spreadsheetCsv, header: true, columns: [...spec.columns] },
    );
    return reply.status(200).type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${list}.csv"`).send(csv);
  }
}
