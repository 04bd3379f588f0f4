import { randomUUID } from 'node:crypto';
import { Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { CatalogCode, exchangeRequests, scopes, type LoadResult } from '@igs/contracts';
import { AppError, MessageBus } from '@igs/platform';
import { context } from '@opentelemetry/api';
import type { FastifyRequest } from 'fastify';
import { Authenticator } from '../auth/authenticator.js';
import { traceContextOf } from '../http/request-tracing.js';
import { readRecords } from './catalog-file.js';
import { sendInBatches } from './file-batches.js';

export const resourcePath = '/api/v1/exchange/catalogs/{code}/resource';

/**
 * A provider loads the rows of its catalog's data resource (NDJSON or CSV, field names as
 * keys or header). Every row of the file belongs to one load, the unit of provenance.
 */
@Controller()
export class ResourceLoadController {
  constructor(
    private readonly bus: MessageBus,
    private readonly authenticator: Authenticator,
  ) {}

  @Post('/api/v1/exchange/catalogs/:code/resource')
  @HttpCode(200)
  async load(@Param('code') code: string, @Req() request: FastifyRequest): Promise<LoadResult> {
    const caller = await this.authenticator.authenticate({ scopes: [scopes.exchangeCatalog] }, request);
    if (!CatalogCode.safeParse(code).success) throw AppError.validation([{ in: 'path', field: 'code', message: 'not a catalog code' }]);
    if (typeof request.body !== 'string') throw new AppError('PLATFORM.UNSUPPORTED_MEDIA_TYPE', 'send the rows as application/x-ndjson or text/csv');
    const started = Date.now();
    const csv = String(request.headers['content-type'] ?? '').startsWith('text/csv');
    const file = readRecords(request.body, csv);
    const loadId = randomUUID();
    const sourceSystem = typeof request.headers['x-source-system'] === 'string' ? request.headers['x-source-system'].slice(0, 100) : undefined;
    const sent = await sendInBatches(file.rows, 2000, 4, (rows) =>
      context.with(traceContextOf(request), () =>
        this.bus.request(exchangeRequests.loadResource, { catalogCode: code, loadId, sourceSystem, rows }, caller, { requestId: request.id, timeoutMs: 60_000 }),
      ),
    );
    const rejected = [...file.unreadable, ...sent.rejected].sort((a, b) => a.line - b.line);
    return { loadId, total: file.rows.length + file.unreadable.length, accepted: sent.accepted, rejected, elapsedMs: Date.now() - started };
  }
}
