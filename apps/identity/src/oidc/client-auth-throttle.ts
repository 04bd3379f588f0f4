import { setTimeout as sleep } from 'node:timers/promises';
import { ClientId } from '@igs/contracts';
import { isDatabaseUnavailable } from '@igs/platform';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { LoginThrottle, ThrottlePolicy } from '../accounts/login-throttle.js';
import { answerDatabaseUnavailable } from './database-unavailable.js';

/** The endpoints where a department app presents its client secret. */
const clientAuthPaths = new Set(['/token', '/token/revocation', '/token/introspection']);

/**
 * Throttles client secrets at the token endpoint as the password sign-in throttles
 * passwords: each request presenting a secret counts against its client id and its source
 * address before the provider compares the secret; failures slow the answers down, then lock
 * the client (a right secret is refused too) or the address for a while, with 429 and
 * Retry-After. A right secret takes its attempt back. Without this a secret could be guessed
 * at hundreds of tries per second.
 *
 * Only the Basic header carries a guessable credential: apps with keys sign an assertion,
 * secrets in the body are not accepted (the provider's client authentication methods), and
 * public clients present none.
 */
export function clientAuthThrottle(throttle: LoginThrottle, policies: { client: ThrottlePolicy; source: ThrottlePolicy }) {
  return async (ctx: KoaContextWithOIDC, next: () => Promise<void>): Promise<void> => {
    const clientId = ctx.method === 'POST' && clientAuthPaths.has(ctx.path) ? basicClientId(ctx.get('authorization')) : undefined;
    if (clientId === undefined) return next();
    const keys = [
      { key: `client:${clientId}`, policy: policies.client },
      { key: `token-source:${ctx.ip}`, policy: policies.source },
    ];
    let admission;
    try {
      admission = await throttle.begin(keys);
    } catch (error) {
      // No count, no comparison: the client is told to come back, as the provider tells it.
      if (isDatabaseUnavailable(error)) return answerDatabaseUnavailable(ctx);
      throw error;
    }
    if (admission.locked) {
      ctx.status = 429;
      ctx.set('retry-after', String(Math.max(1, Math.ceil((admission.until.getTime() - Date.now()) / 1000))));
      ctx.set('cache-control', 'no-store');
      ctx.body = { error: 'invalid_client', error_description: 'too many failed client authentications: try again later' };
      return;
    }
    if (admission.delayMs > 0) await sleep(admission.delayMs);
    await next();
    // The provider looks the client up before it compares the secret: a found client and an
    // answer other than invalid_client mean the secret was right.
    const error = (ctx.body as { error?: unknown } | undefined)?.error;
    // A database gone since the answer leaves the attempt counted: the answer stands.
    if (ctx.oidc?.client && error !== 'invalid_client')
      await throttle.succeed(keys).catch((failure: unknown) => {
        if (!isDatabaseUnavailable(failure)) throw failure;
      });
  };
}

/** The client id of a Basic header (form-encoded, RFC 6749 2.3.1); one key for ids no app can have. */
function basicClientId(header: string): string | undefined {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(header.trim());
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const raw = colon < 0 ? decoded : decoded.slice(0, colon);
  let clientId: string;
  try {
    clientId = decodeURIComponent(raw.replace(/\+/g, '%20'));
  } catch {
    clientId = raw;
  }
  return ClientId.safeParse(clientId).success ? clientId : '(malformed)';
}
