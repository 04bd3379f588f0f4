import type { FastifyInstance } from 'fastify';
import type { AppsService } from '../apps/apps.service.js';
import type { OidcService } from './oidc.service.js';

export const oidcPrefix = '/oidc';

/**
 * Hands every /oidc request except the login pages to oidc-provider, before Fastify reads
 * the body. A Basic client secret is replaced by its keyed digest on the way in: the
 * provider compares digests, so the secret itself is stored nowhere.
 */
export function mountOidc(fastify: FastifyInstance, oidc: OidcService, apps: AppsService): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const url = request.raw.url ?? '';
    if (!(url === oidcPrefix || url.startsWith(`${oidcPrefix}/`) || url.startsWith(`${oidcPrefix}?`)) || url.startsWith(`${oidcPrefix}/interaction/`)) {
      return done();
    }
    reply.hijack();
    const authorization = request.raw.headers.authorization;
    if (authorization) request.raw.headers.authorization = digestBasicSecret(authorization, apps);
    Object.assign(request.raw, { originalUrl: url });
    request.raw.url = url.slice(oidcPrefix.length) || '/';
    oidc.handle(request.raw, reply.raw);
  });
}

function digestBasicSecret(header: string, apps: AppsService): string {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(header.trim());
  if (!match) return header;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return header;
  const clientId = decoded.slice(0, colon);
  let secret: string;
  try {
    secret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, '%20'));
  } catch {
    return header;
  }
  return `Basic ${Buffer.from(`${clientId}:${encodeURIComponent(apps.secretDigest(secret))}`).toString('base64')}`;
}
