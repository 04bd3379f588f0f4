import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { AppError } from '@igs/platform';
import type { FastifyInstance } from 'fastify';

/**
 * At most `cap` open connections per client address: the connections over it are answered
 * 429 on their first request and closed, so one address cannot hold the gateway's sockets
 * and parsers (a slow sender opening connection after connection). Counted by the TCP peer:
 * behind a proxy every connection is the proxy's, which then does the per-client counting.
 */
export function capConnectionsPerAddress(fastify: FastifyInstance, server: Server, cap: number): void {
  if (cap === 0) return;
  const open = new Map<string, number>();
  const excess = new WeakSet<Socket>();
  // Before Node's HTTP handling of the connection, so the count is right when its first request arrives.
  server.prependListener('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    const count = (open.get(address) ?? 0) + 1;
    open.set(address, count);
    if (count > cap) excess.add(socket);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!excess.has(request.raw.socket)) return done();
    void reply.header('connection', 'close');
    done(new AppError('PLATFORM.RATE_LIMITED', `this address has more than ${cap} connections open to the gateway; reuse them`, { retryAfterSeconds: 1 }));
  });
}
