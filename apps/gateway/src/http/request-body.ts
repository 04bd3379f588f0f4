import type { IncomingMessage } from 'node:http';

/** Whether a request says a body follows its headers. */
export function announcesBody(raw: IncomingMessage): boolean {
  return raw.headers['transfer-encoding'] !== undefined || Number(raw.headers['content-length'] ?? 0) > 0;
}
