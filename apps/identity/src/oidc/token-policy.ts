import { Scope, scopesOfRole, tokenClaims } from '@igs/contracts';
import { z } from 'zod';
import type { Account } from '../accounts/accounts.service.js';

/**
 * What a token may carry and what it says, as pure rules: the provider factory wires them into
 * oidc-provider's hooks, the consent step applies them, and their specs need no provider.
 */

/** The OpenID scopes; every other scope belongs to the platform API's resource server. */
export const openIdScopes: readonly string[] = ['openid', 'profile', 'offline_access'];

/** Scopes every signed-in person may be given. */
const personScopes: readonly Scope[] = [Scope.enum['items:read']];

const apiScopes: ReadonlySet<string> = new Set(Scope.options);

/** The scopes of a request's `scope` parameter, in order, without empty entries. */
export function scopesOf(scope: unknown): string[] {
  return typeof scope === 'string' ? scope.split(' ').filter(Boolean) : [];
}

/** Asking for any API scope means a token for the API; otherwise (openid, profile) an opaque token for userinfo. */
export function asksForApi(scope: unknown): boolean {
  return scopesOf(scope).some((value) => apiScopes.has(value));
}

/** What an account may be granted: persons read, staff get the scopes of their roles. */
export function allowedScopes(account: Pick<Account, 'type' | 'roles'>): Scope[] {
  if (account.type === 'person') return [...personScopes];
  return [...new Set(account.roles.flatMap((role) => scopesOfRole[role]))];
}

export interface ConsentScopes {
  /** OpenID scopes the client asked for: always granted. */
  openId: string[];
  /** API scopes asked for that the account may have. */
  granted: string[];
  /** API scopes asked for that the account may not have: refused, so the token carries only what it may do. */
  refused: string[];
}

/** Splits what a person's client asked for at consent into what is granted and what is refused. */
export function consentScopes(requested: unknown, allowed: readonly Scope[]): ConsentScopes {
  const asked = scopesOf(requested);
  const mayHave = new Set<string>(allowed);
  const api = asked.filter((scope) => !openIdScopes.includes(scope));
  return {
    openId: asked.filter((scope) => openIdScopes.includes(scope)),
    granted: api.filter((scope) => mayHave.has(scope)),
    refused: api.filter((scope) => !mayHave.has(scope)),
  };
}

/** What the platform adds to a client's metadata (extraClientMetadata); a person's client carries scopes only. */
export const PlatformClientMetadata = z.object({
  igs_scopes: z.array(z.string()).optional(),
  igs_department: z.string().optional(),
  igs_token_generation: z.number().optional(),
});
export type PlatformClientMetadata = z.infer<typeof PlatformClientMetadata>;
export const platformClientProperties = Object.keys(PlatformClientMetadata.shape);

export type ResourceScopes = { ok: true; scope: string } | { ok: false; refused: string[] };

/**
 * The API scopes of a token for the API's resource server: at most those an administrator gave
 * the client. A department app asking (client credentials) for more than it was given is refused,
 * not handed a silently smaller token; a person's token is narrowed further by the grant.
 */
export function resourceScopes(client: PlatformClientMetadata, request: { grantType?: unknown; scope?: unknown }): ResourceScopes {
  const allowed = (client.igs_scopes ?? []).filter((scope) => apiScopes.has(scope));
  if (request.grantType === 'client_credentials') {
    const refused = scopesOf(request.scope).filter((scope) => !allowed.includes(scope));
    if (refused.length > 0) return { ok: false, refused };
  }
  return { ok: true, scope: allowed.join(' ') };
}

/** An account's own claims; `acr` and `amr` belong to the sign-in, not to the account. */
export function accountClaims(account: Pick<Account, 'type' | 'departmentCode' | 'roles'>): Record<string, unknown> {
  return {
    [tokenClaims.type]: account.type,
    ...(account.departmentCode ? { [tokenClaims.department]: account.departmentCode } : {}),
    ...(account.roles.length ? { [tokenClaims.roles]: account.roles } : {}),
  };
}

/** A department app's token: its department, and its credential generation so a rotated secret retires it. */
export function appTokenClaims(client: PlatformClientMetadata | undefined): Record<string, unknown> {
  return {
    [tokenClaims.type]: 'app',
    [tokenClaims.department]: client?.igs_department,
    [tokenClaims.tokenGeneration]: client?.igs_token_generation,
  };
}

export interface PersonToken {
  account: Pick<Account, 'accountId' | 'type' | 'departmentCode' | 'roles'>;
  /** What the sign-in proved, as the authorization code or refresh token it came from keeps it. */
  signIn?: { acr?: string; amr?: string[] };
  grantId?: string;
  /** The enterprise the person acts for under this grant, recorded at consent. */
  enterprise?: string;
}

/**
 * A signed-in account's token. The grant id lets the gateway refuse every access token of a
 * revoked grant. Acting for an enterprise, the enterprise is who acts and the person is the
 * actor (RFC 8693 "act").
 */
export function personTokenClaims({ account, signIn, grantId, enterprise }: PersonToken): Record<string, unknown> {
  const claims = {
    ...accountClaims(account),
    ...(signIn?.acr ? { acr: signIn.acr } : {}),
    ...(signIn?.amr ? { amr: signIn.amr } : {}),
    [tokenClaims.grant]: grantId,
  };
  if (!enterprise) return claims;
  return { ...claims, [tokenClaims.type]: 'enterprise', [tokenClaims.enterprise]: enterprise, act: { sub: account.accountId } };
}
