import { applyDecorators, Delete, Get, HttpCode, Patch, Post, Put } from '@nestjs/common';
import { toRouterPath, type HttpMethod, type RouteDefinition } from '@igs/contracts';

const methods: Record<HttpMethod, (path: string) => MethodDecorator> = { GET: Get, POST: Post, PUT: Put, PATCH: Patch, DELETE: Delete };

/** Maps a controller method to a route of the contracts: method, path and success status in one place. */
export function ForwardRoute(route: RouteDefinition): MethodDecorator {
  return applyDecorators(methods[route.method](toRouterPath(route.path)), HttpCode(route.successStatus));
}
