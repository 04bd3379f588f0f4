import { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { AppError, NATS_CONNECTION, type NatsLink } from '@igs/platform';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { GatewayConfig } from '../config.js';
import { GATEWAY_CONFIG } from '../gateway.options.js';
import { requestTimeout } from '../http/body-timeout.js';

const fileTypes = ['application/x-ndjson', 'text/csv'];

/**
 * NDJSON and CSV bodies are taken by the upload routes only (route config `upload`), and
 * handed to them unread, after their caller is authenticated: they read the file as they
 * send its rows on, so the gateway never holds a whole file. Any other route refuses them
 * before reading a byte, and a file announced larger than the import limit is refused too.
 */
export function registerUploadParsers(fastify: FastifyInstance, importLimitBytes: number): void {
  fastify.addContentTypeParser(fileTypes, (request, payload, done) => {
    if (!request.routeOptions.config.upload) return done(new AppError('PLATFORM.UNSUPPORTED_MEDIA_TYPE', 'this route takes application/json'));
    if (Number(request.headers['content-length']) > importLimitBytes) return done(fileTooLarge(importLimitBytes));
    done(null, payload);
  });
}

export interface Upload {
  csv: boolean;
  chunks: AsyncIterable<Buffer>;
  /** The most a batch of rows may encode to, and so the most one row may: see batchBytesOf. */
  batchBytes: number;
}

/** The file of an upload request, with the limits that apply to reading it. */
@Injectable()
export class Uploads {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(NATS_CONNECTION) private readonly link: NatsLink,
  ) {}

  open(request: FastifyRequest, what: string): Upload {
    if (!(request.body instanceof Readable)) throw new AppError('PLATFORM.UNSUPPORTED_MEDIA_TYPE', `send ${what} as application/x-ndjson or text/csv`);
    const type = String(request.headers['content-type'] ?? '')
      .split(';')[0]
      .trim()
      .toLowerCase();
    return {
      csv: type === 'text/csv',
      chunks: readChunks(request.body, this.config.IMPORT_LIMIT_BYTES, this.config.BODY_TIMEOUT_MS),
      batchBytes: batchBytesOf(this.link.nc.info?.max_payload),
    };
  }
}

/**
 * A batch is at most half of what a NATS message may hold (the server's max_payload, 1 MiB
 * by default): the request carries headers besides its rows, and the answer names a reason
 * for each refused row, which may be as long as the row's field names.
 */
export function batchBytesOf(maxPayload = 1024 * 1024): number {
  return Math.floor(maxPayload / 2);
}

/**
 * The body's chunks as they arrive, refused past `limitBytes`, or when the client leaves the
 * gateway waiting for the next one longer than `idleMs` (the waits for the services, while
 * the gateway does not read, do not count). The body is never destroyed here: an answer
 * must still reach the client, after which the connection is closed.
 */
export async function* readChunks(body: Readable, limitBytes: number, idleMs: number): AsyncGenerator<Buffer> {
  const chunks = body.iterator({ destroyOnReturn: false });
  let received = 0;
  for (;;) {
    const next = await within(chunks.next(), idleMs);
    if (next.done) return;
    const chunk = next.value as Buffer;
    received += chunk.length;
    if (received > limitBytes) throw fileTooLarge(limitBytes);
    yield chunk;
  }
}

function within<T>(next: Promise<T>, idleMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(requestTimeout(`the upload paused for more than ${idleMs} ms`)), idleMs);
    next.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        clearTimeout(timer);
        reject(new AppError('PLATFORM.BAD_REQUEST', 'the upload was cut off before its end'));
      },
    );
  });
}

function fileTooLarge(limitBytes: number): AppError {
  return new AppError('PLATFORM.PAYLOAD_TOO_LARGE', `the file is larger than ${limitBytes} bytes, the most the gateway takes (IMPORT_LIMIT_BYTES)`);
}
