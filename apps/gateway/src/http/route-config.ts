import type { RouteAccess } from '@igs/contracts';
import type { FastifyContextConfig, FastifyInstance, RouteOptions } from 'fastify';

/**
 * What a gateway route says about itself in its Fastify route config, for the hooks that run
 * before its body is read: who may call it, whether its answers may be cached, and whether
 * it takes files. The forwarded routes copy it from their definitions in the contracts; the
 * gateway's own controllers declare it with `@RouteConfig`. The hooks are attached to each
 * route as it is registered (onRoutes), so a request pays only for what its route asks for.
 */
declare module 'fastify' {
  interface FastifyContextConfig {
    /** Checked before the body is read; a route without it (health, documents) has no caller. */
    access?: RouteAccess;
    /** Its answers, errors included, carry `Cache-Control: no-store`. */
    noStore?: boolean;
    /** It takes an NDJSON or CSV file up to IMPORT_LIMIT_BYTES, handed to it unread. */
    upload?: boolean;
  }
}

export type GatewayRouteConfig = Pick<FastifyContextConfig, 'access' | 'noStore' | 'upload'>;

/** The route config of an upload route (the catalog import, the resource load). */
export function uploadRoute(access: RouteAccess): GatewayRouteConfig {
  return { access, upload: true };
}

const bodyless = new Set(['GET', 'HEAD']);

/** Calls `attach` for each route as it is registered, the gateway's own and the libraries' alike. */
export function onRoutes(fastify: FastifyInstance, attach: (route: RouteOptions & { config: GatewayRouteConfig }, takesBody: boolean) => void): void {
  fastify.addHook('onRoute', (route) =>
    attach(
      route as RouteOptions & { config: GatewayRouteConfig },
      [route.method].flat().some((method) => !bodyless.has(method)),
    ),
  );
}

/** Adds a hook to one route, after the ones it has. */
export function addRouteHook(route: RouteOptions, name: 'onRequest' | 'preParsing' | 'preValidation', hook: unknown): void {
  const existing = route[name] as unknown;
  (route as unknown as Record<string, unknown>)[name] = existing === undefined ? [hook] : [...(Array.isArray(existing) ? existing : [existing]), hook];
}
