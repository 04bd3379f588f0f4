import { databaseRetryAfterSeconds } from '@igs/platform';
import type { KoaContextWithOIDC } from 'oidc-provider';

/**
 * The provider's answer while its database cannot be reached: 503 with Retry-After, which a
 * client may retry, rather than the server_error 500 oidc-provider gives any storage error.
 */
export function answerDatabaseUnavailable(ctx: KoaContextWithOIDC): void {
  ctx.status = 503;
  ctx.set('Retry-After', String(databaseRetryAfterSeconds));
  ctx.set('cache-control', 'no-store');
  ctx.type = 'application/json';
  ctx.body = { error: 'temporarily_unavailable', error_description: 'the identity database is not available; try again' };
}
