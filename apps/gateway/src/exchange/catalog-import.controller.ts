import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { exchangeRequests, scopes, type ImportResult } from '@igs/contracts';
import type { FastifyRequest } from 'fastify';
import { ForwardingTails } from '../forwarding/forwarding-tail.js';
import { uploadRoute } from '../http/route-config.js';
import { csvCatalogs, ndjsonCatalogs } from './catalog-file.js';
import { sendFile } from './file-batches.js';
import { Uploads } from './upload.js';

export const importPath = '/api/v1/exchange/catalogs/import';

/**
 * Bulk import of catalogs: the file is read here and sent to the exchange service in
 * batches as it arrives; the answer adds up every batch.
 */
@Controller()
export class CatalogImportController {
  constructor(
    private readonly tails: ForwardingTails,
    private readonly uploads: Uploads,
  ) {}

  @Post(importPath)
  @HttpCode(200)
  @RouteConfig(uploadRoute({ scopes: [scopes.exchangeCatalog] }))
  async import(@Req() request: FastifyRequest): Promise<ImportResult> {
    const tail = this.tails.of(request);
    const started = Date.now();
    const file = this.uploads.open(request, 'the file');
    const rows = file.csv ? csvCatalogs(file.chunks, file.batchBytes) : ndjsonCatalogs(file.chunks, file.batchBytes);
    const sent = await sendFile(rows, { rows: 200, bytes: file.batchBytes, inFlight: 2 }, (batch) =>
      tail.send(exchangeRequests.importCatalogs, { rows: batch }, { timeoutMs: 60_000 }),
    );
    return { ...sent, elapsedMs: Date.now() - started };
  }
}
