import { connect, type Socket } from 'node:net';
import type { Server } from 'node:http';

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  /** The body, parsed when it is JSON. */
  body: any;
  /** Body bytes the client had written when the answer came (or when it gave up). */
  sent: number;
  /** From connecting to the answer. */
  ms: number;
  /** Whether the gateway closed the connection after answering. */
  closed: boolean;
  /** The client's port: the gateway's socket of this request has it as remotePort. */
  port: number;
}

export interface RawRequest {
  method: string;
  path: string;
  headers?: Record<string, string | number>;
  /** The body to send, or how many filler bytes to send (as fast as the socket takes them), `pattern` repeated. */
  body?: Buffer | string | { filler: number; pattern?: Buffer };
  /** Sends only this start of a request instead (headers that never end). */
  partialHead?: string;
  /** Sent as chunked transfer encoding instead of with a Content-Length. */
  chunked?: boolean;
  /** Waits this long for an answer after the last byte is written. */
  waitMs?: number;
}

/**
 * One request on a socket of its own, written as a client that keeps sending while it reads:
 * so a test sees an answer that comes before the body is sent, how much of the body was
 * written by then, and whether the connection was closed.
 */
export function rawRequest(base: string, request: RawRequest): Promise<RawAnswer> {
  const { hostname, port: serverPort } = new URL(base);
  return new Promise((resolve) => {
    const socket = connect(Number(serverPort), hostname);
    const started = Date.now();
    let received = Buffer.alloc(0);
    let sent = 0;
    let answeredAt: number | undefined;
    let sentWhenAnswered = 0;
    let closed = false;
    let timer: NodeJS.Timeout | undefined;
    let port = 0;
    socket.once('connect', () => (port = socket.localPort ?? 0));
    // However the gateway behaves, a test gets an answer (status 0 when there was none).
    const guard = setTimeout(() => finish(), 20_000);
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      clearTimeout(guard);
      resolve({ ...parse(received), sent: answeredAt === undefined ? sent : sentWhenAnswered, ms: (answeredAt ?? Date.now()) - started, closed, port });
    };
    socket.on('data', (data) => {
      received = Buffer.concat([received, data]);
      if (answeredAt === undefined) {
        answeredAt = Date.now();
        sentWhenAnswered = sent;
      }
      if (isComplete(received)) setTimeout(finish, 100).unref?.();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      closed = true;
      finish();
    });
    const body = request.body;
    const filler = body && typeof body === 'object' && !Buffer.isBuffer(body) ? body : undefined;
    const bytes = filler ? undefined : body === undefined ? undefined : Buffer.from(body as Buffer | string);
    const length = filler?.filler ?? bytes?.length;
    const head = [`${request.method} ${request.path} HTTP/1.1`, `host: ${hostname}:${serverPort}`];
    for (const [name, value] of Object.entries(request.headers ?? {})) head.push(`${name}: ${value}`);
    if (request.chunked) head.push('transfer-encoding: chunked');
    else if (length !== undefined && !(request.headers && 'content-length' in request.headers)) head.push(`content-length: ${length}`);
    const waitAfterSending = () => {
      timer = setTimeout(finish, request.waitMs ?? 5000);
    };
    if (request.partialHead !== undefined) {
      socket.write(request.partialHead);
      return waitAfterSending();
    }
    socket.write(`${head.join('\r\n')}\r\n\r\n`);
    if (bytes) {
      socket.write(request.chunked ? Buffer.concat([Buffer.from(`${bytes.length.toString(16)}\r\n`), bytes, Buffer.from('\r\n0\r\n\r\n')]) : bytes);
      sent = bytes.length;
      return waitAfterSending();
    }
    if (!filler) return waitAfterSending();
    const chunk = filler.pattern ?? Buffer.alloc(64 * 1024, 0x20);
    const pump = () => {
      while (sent < filler.filler && answeredAt === undefined && !closed) {
        const piece = chunk.subarray(0, Math.min(chunk.length, filler.filler - sent));
        sent += piece.length;
        const more = socket.write(request.chunked ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]) : piece);
        if (!more) return void socket.once('drain', pump);
      }
      if (sent >= filler.filler && request.chunked) socket.write('0\r\n\r\n');
      waitAfterSending();
    };
    pump();
  });
}

function isComplete(received: Buffer): boolean {
  const end = received.indexOf('\r\n\r\n');
  if (end === -1) return false;
  const length = /\r\ncontent-length: *(\d+)/i.exec(received.subarray(0, end).toString('latin1'));
  return !length || received.length >= end + 4 + Number(length[1]);
}

function parse(received: Buffer): Pick<RawAnswer, 'status' | 'headers' | 'body'> {
  const end = received.indexOf('\r\n\r\n');
  if (end === -1) return { status: 0, headers: {}, body: undefined };
  const [statusLine, ...lines] = received.subarray(0, end).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const text = received.subarray(end + 4).toString('utf8');
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: kept as text
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body };
}

/** The gateway's side of each connection a test makes, by the client's port: what it read from it. */
export function bytesReadBy(server: Server): (answer: RawAnswer) => number {
  const sockets = new Map<number, Socket>();
  server.on('connection', (socket: Socket) => sockets.set(socket.remotePort ?? 0, socket));
  return (answer) => sockets.get(answer.port)?.bytesRead ?? Number.NaN;
}
