import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { problemContentType, type ErrorCode } from '@igs/contracts';
import { buildProblem } from './problem.js';

/** Node's errors for requests that never reach a route, and what they are answered. */
const answers: Record<string, { code: ErrorCode; detail: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: { code: 'PLATFORM.REQUEST_TIMEOUT', detail: 'the request headers did not arrive in time' },
  HPE_HEADER_OVERFLOW: { code: 'PLATFORM.HEADERS_TOO_LARGE', detail: 'the request headers are larger than the gateway reads' },
};

/**
 * Requests Node's HTTP parser rejects (a raw non-ASCII URL, broken headers, headers that
 * take too long) never reach a route; they still get a problem+json answer instead of
 * Fastify's default body, and the connection is closed.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  // Nothing to answer on a connection that is gone or that has an answer under way.
  const answering = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage?.headersSent === true;
  if (!socket.writable || answering || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const known = answers[error.code ?? ''];
  const problem = buildProblem(
    known ?? {
      code: 'PLATFORM.BAD_REQUEST',
      detail: `the request cannot be parsed (${error.code ?? 'client error'}); percent-encode non-ASCII characters in the URL`,
    },
  );
  const body = JSON.stringify(problem);
  socket.end(
    `HTTP/1.1 ${problem.status} ${statusText[problem.status] ?? 'Bad Request'}\r\nContent-Type: ${problemContentType}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`,
  );
}

const statusText: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };
