import { randomUUID } from 'node:crypto';
import { Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { CatalogCode, exchangeRequests, scopes, type LoadResult } from '@igs/contracts';
import { AppError } from '@igs/platform';
import type { FastifyRequest } from 'fastify';
import { ForwardingTails } from '../forwarding/forwarding-tail.js';
import { uploadRoute } from '../http/route-config.js';
import { csvRecords, ndjsonRecords } from './catalog-file.js';
import { sendFile } from './file-batches.js';
import { Uploads } from './upload.js';

export const resourcePath = '/api/v1/exchange/catalogs/{code}/resource';

/**
 * A provider loads the rows of its catalog's data resource (NDJSON or CSV, field names as
 * keys or header), sent on in batches as the file arrives. Every row of the file belongs to
 * one load, the unit of provenance.
 */
@Controller()
export class ResourceLoadController {
  constructor(
    private readonly tails: ForwardingTails,
    private readonly uploads: Uploads,
  ) {}

  @Post('/api/v1/exchange/catalogs/:code/resource')
  @HttpCode(200)
  @RouteConfig(uploadRoute({ scopes: [scopes.exchangeCatalog] }))
  async load(@Param('code') code: string, @Req() request: FastifyRequest): Promise<LoadResult> {
    const tail = this.tails.of(request);
    if (!CatalogCode.safeParse(code).success) throw AppError.validation([{ in: 'path', field: 'code', message: 'not a catalog code' }]);
    const started = Date.now();
    const file = this.uploads.open(request, 'the rows');
    const loadId = randomUUID();
    const sourceSystem = typeof request.headers['x-source-system'] === 'string' ? request.headers['x-source-system'].slice(0, 100) : undefined;
    const rows = file.csv ? csvRecords(file.chunks, file.batchBytes) : ndjsonRecords(file.chunks, file.batchBytes);
    const sent = await sendFile(rows, { rows: 2000, bytes: file.batchBytes, inFlight: 4 }, (batch) =>
      tail.send(exchangeRequests.loadResource, { catalogCode: code, loadId, sourceSystem, rows: batch }, { timeoutMs: 60_000 }),
    );
    return { loadId, ...sent, elapsedMs: Date.now() - started };
  }
}
