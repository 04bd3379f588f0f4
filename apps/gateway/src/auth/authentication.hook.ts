import type { Caller } from '@igs/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { addRouteHook, onRoutes } from '../http/route-config.js';
import type { Authenticator } from './authenticator.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the route's access hook; read with callerOf. */
    igsCaller: Caller | null;
  }
}

/**
 * Authenticates every route that declares its access, when its headers have arrived and
 * before a byte of its body is read: an anonymous or refused caller costs the gateway the
 * headers only, whatever body it announces (the answer closes the connection rather than
 * reading the rest; see sendProblem).
 */
export function installAuthentication(fastify: FastifyInstance, authenticator: Authenticator): void {
  // A property every request has from the start, so setting it changes no object's shape.
  fastify.decorateRequest('igsCaller', null);
  onRoutes(fastify, (route) => {
    const access = route.config?.access;
    if (!access) return;
    addRouteHook(route, 'onRequest', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
      authenticator.authenticate(access, request, reply).then((caller) => {
        request.igsCaller = caller;
        done();
      }, done);
    });
  });
}

/** The caller the route's access let in. */
export function callerOf(request: FastifyRequest): Caller {
  const caller = request.igsCaller;
  if (caller) return caller;
  // A programming error: the route's handler needs a caller but its config names no access.
  throw new Error(`the route ${request.routeOptions.url ?? request.url} declares no access in its route config`);
}
