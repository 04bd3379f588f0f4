import { actingForParameter, assuranceLevels, Scope, tokenClaims } from '@igs/contracts';
import { isDatabaseUnavailable } from '@igs/platform';
import type { JWK } from 'jose';
import type Provider from 'oidc-provider';
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import type { DataSource } from 'typeorm';
import type { AccountsService } from '../accounts/accounts.service.js';
import { throttlePolicies, type LoginThrottle } from '../accounts/login-throttle.js';
import type { AppsService } from '../apps/apps.service.js';
import type { PersonsService } from '../persons/persons.service.js';
import type { IdentityConfig } from '../identity.options.js';
import type { PublicClient } from '../realm/realm.js';
import { clientAuthThrottle } from './client-auth-throttle.js';
import { answerDatabaseUnavailable } from './database-unavailable.js';
import { pgAdapterFactory } from './pg-adapter.js';
import { stepUpCheck } from './step-up.policy.js';

export interface ProviderDependencies {
  config: IdentityConfig;
  dataSource: DataSource;
  accounts: AccountsService;
  apps: AppsService;
  persons: PersonsService;
  throttle: LoginThrottle;
  jwks: JWK[];
  publicClients: PublicClient[];
  onGrantRevoked: (grantId: string) => Promise<void>;
}

/**
 * The OpenID provider (oidc-provider, an OpenID-certified implementation): discovery,
 * JWKS, client credentials for department apps, authorization code with PKCE for people,
 * rotating refresh tokens, revocation, userinfo. Access tokens for the platform API are
 * ES256 JWTs the gateway verifies with the published JWKS.
 */
export async function createProvider(deps: ProviderDependencies): Promise<Provider> {
  // oidc-provider is an ES module; this is a CommonJS build, so it is loaded on demand.
  const { default: OidcProvider, errors, interactionPolicy } = await import('oidc-provider');
  const { config, accounts, apps } = deps;
  const audience = config.API_AUDIENCE;
  const apiScopes = Scope.options;
  const ttl = config.ACCESS_TOKEN_TTL_SECONDS;
  const policy = interactionPolicy.base();
  policy.get('login')?.checks.add(stepUpCheck(interactionPolicy.Check, accounts));

  const clientMetadata = async (clientId: string) => {
    const publicClient = deps.publicClients.find((client) => client.client_id === clientId);
    if (publicClient) {
      return {
        ...publicClient,
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        scope: 'openid profile offline_access',
        // What people may be given is decided per account at consent.
        igs_scopes: apiScopes,
      };
    }
    return apps.clientMetadata(clientId);
  };

  const configuration: Configuration = {
    adapter: pgAdapterFactory(deps.dataSource, clientMetadata) as unknown as Configuration['adapter'],
    jwks: { keys: deps.jwks as never[] },
    cookies: { keys: [config.IDENTITY_COOKIE_KEY] },
    // Only OpenID scopes here: the API's scopes belong to its resource server (below).
    scopes: ['openid', 'profile', 'offline_access'],
    // The ID token always says what the sign-in proved and how (acr, amr), not only when asked.
    claims: { openid: ['sub', 'acr', 'amr', 'auth_time'], profile: ['name'] },
    // The assurance levels a client may ask for with acr_values (see assurance.ts in the contracts).
    acrValues: assuranceLevels.map(String),
    extraClientMetadata: { properties: ['igs_department', 'igs_scopes', 'igs_token_generation'] },
    // A person asks to act for an enterprise with this parameter; consent checks they may.
    extraParams: [actingForParameter],
    pkce: { required: () => true },
    // Department apps send their secret in the Basic header (throttled, and digested on the
    // way in) or sign an assertion with their key; people's clients are public.
    clientAuthMethods: ['client_secret_basic', 'private_key_jwt', 'none'],
    responseTypes: ['code'],
    clientDefaults: { id_token_signed_response_alg: 'ES256', grant_types: ['authorization_code'], response_types: ['code'] },
    enabledJWA: { idTokenSigningAlgValues: ['ES256'], userinfoSigningAlgValues: ['ES256'] } as Configuration['enabledJWA'],
    rotateRefreshToken: true,
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // Asking for an API scope means a token for the API; otherwise (openid, profile) an
        // opaque token for userinfo.
        defaultResource: (ctx) => {
          const scope = String((ctx.oidc.params as { scope?: string } | undefined)?.scope ?? '').split(' ');
          return scope.some((value) => apiScopes.includes(value as never)) ? audience : undefined;
        },
        useGrantedResource: () => true,
        getResourceServerInfo: (ctx, resource, client) => {
          if (resource !== audience) throw new errors.InvalidTarget();
          // A department app gets at most the scopes an administrator gave it.
          const allowed = ((client as unknown as { igs_scopes?: string[] }).igs_scopes ?? []).filter((scope) => apiScopes.includes(scope as never));
          const params = ctx.oidc.params as { grant_type?: string; scope?: string } | undefined;
          if (params?.grant_type === 'client_credentials') {
            // Asking for more than was given is an error, not a silently smaller token.
            const refused = String(params.scope ?? '').split(' ').filter((scope) => scope && !allowed.includes(scope));
            if (refused.length > 0) throw new errors.InvalidScope('requested scope is not allowed', refused.join(' '));
          }
          return { scope: allowed.join(' '), audience, accessTokenTTL: ttl, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'ES256' } } };
        },
      },
    },
    ttl: {
      AccessToken: ttl,
      ClientCredentials: ttl,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 600,
      Session: 8 * 3600,
      Grant: 14 * 24 * 3600,
      RefreshToken: 14 * 24 * 3600,
    },
    interactions: { policy, url: (_ctx, interaction) => `/oidc/interaction/${interaction.uid}` },
    findAccount: async (_ctx, sub) => {
      const account = await accounts.find(sub);
      if (!account) return undefined;
      return { accountId: sub, claims: async () => ({ sub, name: account.name, ...accounts.claimsOf(account) }) };
    },
    extraTokenClaims: async (ctx: KoaContextWithOIDC, token) => {
      if (token.kind === 'ClientCredentials') {
        const client = (await ctx.oidc.provider.Client.find((token as { clientId: string }).clientId)) as unknown as
          | { igs_department?: string; igs_token_generation?: number }
          | undefined;
        return { [tokenClaims.type]: 'app', [tokenClaims.department]: client?.igs_department, [tokenClaims.tokenGeneration]: client?.igs_token_generation };
      }
      const { accountId, grantId } = token as { accountId?: string; grantId?: string };
      const account = accountId ? await accounts.find(accountId) : undefined;
      if (!account) return {};
      // What the sign-in proved, as the authorization code or refresh token it came from keeps it.
      const source = (ctx.oidc.entities.AuthorizationCode ?? ctx.oidc.entities.RefreshToken) as { acr?: string; amr?: string[] } | undefined;
      // The grant id lets the gateway refuse every access token of a revoked grant.
      const claims = {
        ...accounts.claimsOf(account),
        ...(source?.acr ? { acr: source.acr } : {}),
        ...(source?.amr ? { amr: source.amr } : {}),
        [tokenClaims.grant]: grantId,
      };
      const enterprise = grantId ? await deps.persons.actingFor(grantId) : undefined;
      // Acting for an enterprise: the enterprise is who acts, the person is the actor (RFC 8693 "act").
      return enterprise ? { ...claims, [tokenClaims.type]: 'enterprise', [tokenClaims.enterprise]: enterprise, act: { sub: accountId } } : claims;
    },
    renderError: async (ctx, out) => {
      ctx.type = 'application/json';
      ctx.body = out;
    },
  };

  const provider = new OidcProvider(config.ISSUER, configuration);
  provider.proxy = config.TRUST_PROXY;
  const policies = throttlePolicies(config);
  provider.use(clientAuthThrottle(deps.throttle, { client: policies.account, source: policies.source }));
  provider.on('grant.revoked', (_ctx: unknown, grantId: string) => void deps.onGrantRevoked(grantId));
  // A database that cannot be reached is a 503 the client may retry, not the server_error 500
  // oidc-provider answers for any error of its own storage (the token endpoint above all).
  provider.on('server_error', (ctx: KoaContextWithOIDC, error: unknown) => {
    if (isDatabaseUnavailable(error)) answerDatabaseUnavailable(ctx);
  });
  return provider;
}
