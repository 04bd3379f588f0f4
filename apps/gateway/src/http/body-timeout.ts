import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { AppError, type AppLogger } from '@igs/platform';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { sendProblem } from './problem.filter.js';
import { announcesBody } from './request-body.js';
import { addRouteHook, onRoutes } from './route-config.js';

const deadline = Symbol('body deadline');
const reading = Symbol('reply waiting for its body');
type Connection = Socket & { [deadline]: number; [reading]: FastifyReply | undefined };

/**
 * An ordinary body must arrive within `timeoutMs` of the gateway starting to read it, or the
 * request is answered 408 and its connection closed: a client sending a byte now and then
 * cannot hold a connection and a parser open.
 *
 * Node's own requestTimeout cannot be used: it counts until the whole request has arrived,
 * and an upload (which reads its file as fast as the services take its rows) may rightly take
 * longer than that; uploads time out when they pause instead (see upload.ts).
 *
 * A data call's body has not arrived yet when its hooks run (Node parses it after the
 * headers' callbacks), so every call is watched: its deadline is written on its connection
 * and one timer sweeps the open connections a few times per timeout, with no timer, map
 * entry or allocation per request.
 */
export function installBodyTimeout(fastify: FastifyInstance, server: Server, timeoutMs: number, logger: AppLogger): void {
  const open = new Set<Connection>();
  server.on('connection', (socket: Connection) => {
    socket[deadline] = 0;
    socket[reading] = undefined;
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  });
  const sweep = setInterval(
    () => {
      const now = Date.now();
      for (const connection of open) {
        if (connection[deadline] === 0 || now < connection[deadline]) continue;
        const reply = connection[reading];
        connection[deadline] = 0;
        connection[reading] = undefined;
        // Answered here; the body parser, still waiting, gives up when the connection closes.
        if (reply && !reply.sent && !reply.request.raw.complete)
          sendProblem(requestTimeout(`the body did not arrive within ${timeoutMs} ms`), reply.request, reply, logger);
      }
    },
    Math.min(1000, Math.max(50, Math.floor(timeoutMs / 4))),
  );
  sweep.unref();
  fastify.addHook('onClose', (_instance, done) => {
    clearInterval(sweep);
    done();
  });
  onRoutes(fastify, (route, takesBody) => {
    if (!takesBody || route.config?.upload) return;
    addRouteHook(
      route,
      'preParsing',
      (request: FastifyRequest, reply: FastifyReply, payload: Readable, done: (error: Error | null, body?: Readable) => void) => {
        if (!request.raw.complete && announcesBody(request.raw)) {
          const connection = request.raw.socket as Connection;
          connection[deadline] = Date.now() + timeoutMs;
          connection[reading] = reply;
        }
        done(null, payload);
      },
    );
    // The body has been read: nothing more to watch.
    addRouteHook(route, 'preValidation', (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
      const connection = request.raw.socket as Connection;
      if (connection[deadline] !== 0) {
        connection[deadline] = 0;
        connection[reading] = undefined;
      }
      done();
    });
  });
}

export function requestTimeout(message: string): AppError {
  return new AppError('PLATFORM.REQUEST_TIMEOUT', message);
}
