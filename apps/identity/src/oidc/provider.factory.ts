import { actingForParameter, assuranceLevels, Scope } from '@igs/contracts';
import { isDatabaseUnavailable } from '@igs/platform';
import type { JWK } from 'jose';
import type Provider from 'oidc-provider';
import type { Client, Configuration, KoaContextWithOIDC } from 'oidc-provider';
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
import {
  accountClaims,
  appTokenClaims,
  asksForApi,
  openIdScopes,
  PlatformClientMetadata,
  platformClientProperties,
  personTokenClaims,
  resourceScopes,
} from './token-policy.js';

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
        igs_scopes: Scope.options,
      };
    }
    return apps.clientMetadata(clientId);
  };

  const configuration: Configuration = {
    adapter: pgAdapterFactory(deps.dataSource, clientMetadata),
    jwks: { keys: deps.jwks },
    cookies: { keys: [config.IDENTITY_COOKIE_KEY] },
    // Only OpenID scopes here: the API's scopes belong to its resource server (below).
    scopes: [...openIdScopes],
    // The ID token always says what the sign-in proved and how (acr, amr), not only when asked.
    claims: { openid: ['sub', 'acr', 'amr', 'auth_time'], profile: ['name'] },
    // The assurance levels a client may ask for with acr_values (see assurance.ts in the contracts).
    acrValues: assuranceLevels.map(String),
    extraClientMetadata: { properties: platformClientProperties },
    // A person asks to act for an enterprise with this parameter; consent checks they may.
    extraParams: [actingForParameter],
    pkce: { required: () => true },
    // Department apps send their secret in the Basic header (throttled, and digested on the
    // way in) or sign an assertion with their key; people's clients are public.
    clientAuthMethods: ['client_secret_basic', 'private_key_jwt', 'none'],
    responseTypes: ['code'],
    clientDefaults: { id_token_signed_response_alg: 'ES256', grant_types: ['authorization_code'], response_types: ['code'] },
    enabledJWA: { idTokenSigningAlgValues: ['ES256'], userinfoSigningAlgValues: ['ES256'] },
    rotateRefreshToken: true,
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: (ctx) => (asksForApi(ctx.oidc.params?.scope) ? audience : undefined),
        useGrantedResource: () => true,
        getResourceServerInfo: (ctx, resource, client) => {
          if (resource !== audience) throw new errors.InvalidTarget();
          const params = ctx.oidc.params;
          const scopes = resourceScopes(platformMetadataOf(client), { grantType: params?.grant_type, scope: params?.scope });
          if (!scopes.ok) throw new errors.InvalidScope('requested scope is not allowed', scopes.refused.join(' '));
          return { scope: scopes.scope, audience, accessTokenTTL: ttl, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'ES256' } } };
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
      return { accountId: sub, claims: async () => ({ sub, name: account.name, ...accountClaims(account) }) };
    },
    extraTokenClaims: async (ctx, token) => {
      if (token.kind === 'ClientCredentials') {
        const client = token.clientId ? await ctx.oidc.provider.Client.find(token.clientId) : undefined;
        return appTokenClaims(client && platformMetadataOf(client));
      }
      const { accountId, grantId } = token;
      const account = accountId ? await accounts.find(accountId) : undefined;
      if (!account) return {};
      const signIn = ctx.oidc.entities.AuthorizationCode ?? ctx.oidc.entities.RefreshToken;
      const enterprise = grantId ? await deps.persons.actingFor(grantId) : undefined;
      return personTokenClaims({ account, signIn, grantId, enterprise });
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

/** The platform's own metadata of a client, as the apps table or the realm's public clients give it. */
function platformMetadataOf(client: Client): PlatformClientMetadata {
  return PlatformClientMetadata.parse(client.metadata());
}
