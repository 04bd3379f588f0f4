import type { Socket } from 'node:net';
import { problemContentType } from '@igs/contracts';
import { buildProblem } from './problem.js';

/**
 * Requests Node's HTTP parser rejects (a raw non-ASCII URL, broken headers) never reach a
 * route; they still get a problem+json answer instead of Fastify's default body.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) return;
  const body = JSON.stringify(
    buildProblem({
      code: 'PLATFORM.BAD_REQUEST',
      detail: `the request cannot be parsed (${error.code ?? 'client error'}); percent-encode non-ASCII characters in the URL`,
    }),
  );
  socket.end(
    `HTTP/1.1 400 Bad Request\r\nContent-Type: ${problemContentType}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
