import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { exchangeRequests, scopes, type ImportResult } from '@igs/contracts';
import { MessageBus } from '@igs/platform';
import { context } from '@opentelemetry/api';
import type { FastifyRequest } from 'fastify';
import { callerOf } from '../auth/authentication.hook.js';
import { traceContextOf } from '../http/request-tracing.js';
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
    private readonly bus: MessageBus,
    private readonly uploads: Uploads,
  ) {}

  @Post(importPath)
  @HttpCode(200)
  @RouteConfig(uploadRoute({ scopes: [scopes.exchangeCatalog] }))
  async import(@Req() request: FastifyRequest): Promise<ImportResult> {
    const caller = callerOf(request);
    const started = Date.now();
    const file = this.uploads.open(request, 'the file');
    const rows = file.csv ? csvCatalogs(file.chunks, file.batchBytes) : ndjsonCatalogs(file.chunks, file.batchBytes);
    const sent = await sendFile(rows, { rows: 200, bytes: file.batchBytes, inFlight: 2 }, (batch) =>
      context.with(traceContextOf(request), () =>
        this.bus.request(exchangeRequests.importCatalogs, { rows: batch }, caller, { requestId: request.id, timeoutMs: 60_000 }),
      ),
    );
    return { ...sent, elapsedMs: Date.now() - started };
  }
}
