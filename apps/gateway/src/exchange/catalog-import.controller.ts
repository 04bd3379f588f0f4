import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { exchangeRequests, scopes, type ImportResult } from '@igs/contracts';
import { AppError, MessageBus } from '@igs/platform';
import { context } from '@opentelemetry/api';
import type { FastifyRequest } from 'fastify';
import { Authenticator } from '../auth/authenticator.js';
import { traceContextOf } from '../http/request-tracing.js';
import { readCsv, readNdjson } from './catalog-file.js';
import { sendInBatches } from './file-batches.js';

export const importPath = '/api/v1/exchange/catalogs/import';
const batchSize = 200;
const inFlight = 2;

/**
 * Bulk import of catalogs: the file is read here and sent to the exchange service in
 * batches (a NATS message is at most a megabyte); the answer adds up every batch.
 */
@Controller()
export class CatalogImportController {
  constructor(
    private readonly bus: MessageBus,
    private readonly authenticator: Authenticator,
  ) {}

  @Post(importPath)
  @HttpCode(200)
  async import(@Req() request: FastifyRequest): Promise<ImportResult> {
    const caller = await this.authenticator.authenticate({ scopes: [scopes.exchangeCatalog] }, request);
    const started = Date.now();
    const type = String(request.headers['content-type'] ?? '').split(';')[0].trim();
    if (typeof request.body !== 'string') {
      throw new AppError('PLATFORM.UNSUPPORTED_MEDIA_TYPE', 'send the file as application/x-ndjson or text/csv');
    }
    const file = type === 'text/csv' ? readCsv(request.body) : readNdjson(request.body);
    const sent = await sendInBatches(file.rows, batchSize, inFlight, (rows) =>
      context.with(traceContextOf(request), () =>
        this.bus.request(exchangeRequests.importCatalogs, { rows }, caller, { requestId: request.id, timeoutMs: 60_000 }),
      ),
    );
    const rejected = [...file.unreadable, ...sent.rejected].sort((a, b) => a.line - b.line);
    const accepted = sent.accepted;
    return { total: file.rows.length + file.unreadable.length, accepted, rejected, elapsedMs: Date.now() - started };
  }
}
