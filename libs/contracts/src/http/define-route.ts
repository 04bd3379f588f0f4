import { z } from 'zod';
import type { ErrorCode } from '../errors/error-codes.js';
import type { RequestDefinition } from '../messaging/define.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  headers: { idempotencyKey?: string };
}

/**
 * Who may call a route: anyone, or a token with all of `scopes`. `minAcr` makes it a route
 * for signed-in people whose sign-in proves at least that assurance level (see assurance.ts);
 * a lower one is answered 401 with the `acr_values` to sign in again with (RFC 9470), and
 * department apps, which have no sign-in, are refused. Staff roles reach routes through the
 * scopes their roles grant.
 */
export type RouteAccess = { readonly public: true } | { readonly scopes: readonly string[]; readonly minAcr?: number };

/**
 * One HTTP route of the gateway: the schemas that validate it and produce the OpenAPI
 * document, the NATS request it forwards to, and how the validated input becomes the
 * message. The gateway's controllers and the OpenAPI builder both read this.
 */
export interface RouteDefinition<
  D extends RequestDefinition = RequestDefinition,
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
> {
  readonly method: HttpMethod;
  /** OpenAPI-style path: `/api/v1/items/{code}`. */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly tag: string;
  readonly successStatus: number;
  readonly access: RouteAccess;
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  readonly acceptsIdempotencyKey?: boolean;
  /**
   * The answers (errors included) carry `Cache-Control: no-store`: they hold personal data or
   * what one caller may see, which no browser, proxy or shared cache may keep.
   */
  readonly noStore?: boolean;
  /** The codes it may answer besides the platform's own: a misspelled one does not compile, and is never documented as a 500. */
  readonly errorCodes: readonly ErrorCode[];
  readonly forward: D;
  readonly toMessage: (input: RouteInput<z.output<P>, z.output<Q>, z.output<B>>) => z.input<D['request']>;
}

export function defineRoute<
  D extends RequestDefinition,
  P extends z.ZodType = z.ZodUndefined,
  Q extends z.ZodType = z.ZodUndefined,
  B extends z.ZodType = z.ZodUndefined,
>(route: RouteDefinition<D, P, Q, B>): RouteDefinition<D, P, Q, B> {
  return route;
}

/** `/api/v1/items/{code}` -> `/api/v1/items/:code`, for the HTTP framework's router. */
export function toRouterPath(path: string): string {
  return path.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1');
}
