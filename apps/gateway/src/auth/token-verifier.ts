import { Inject, Injectable } from '@nestjs/common';
import { tokenClaims, type Caller } from '@igs/contracts';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { GATEWAY_CONFIG } from '../gateway.options.js';
import type { GatewayConfig } from '../config.js';

export interface VerifiedToken {
  caller: Caller;
  clientId?: string;
  grantId?: string;
  /** An app token's credential generation (0 when it carries none): see Revocations. */
  tokenGeneration: number;
  expiresAt: number;
}

export class InvalidTokenError extends Error {
  override readonly name = 'InvalidTokenError';
}

const cacheLimit = 50_000;

/** How far in the future a token's `iat` may be, for clocks that differ a little. */
const clockToleranceSeconds = 5;

/**
 * Verifies access tokens locally: ES256 only, against the identity service's published
 * keys (fetched once and refreshed when an unknown key id appears), with issuer, audience,
 * type and lifetime checked: a token issued in the future (beyond a few seconds of clock
 * difference) or made to live longer than the configured maximum is refused, whoever signed
 * it. A verified token is remembered until it expires, so a department system calling many
 * times pays for one signature check.
 */
@Injectable()
export class TokenVerifier {
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;
  private readonly verified = new Map<string, VerifiedToken>();
  /** Checks under way: a system opening many connections with a new token pays for one. */
  private readonly verifying = new Map<string, Promise<VerifiedToken>>();

  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {
    this.jwks = createRemoteJWKSet(new URL(config.OIDC_JWKS_URL ?? `${config.OIDC_ISSUER.replace(/\/$/, '')}/jwks`), {
      // After a key rotation the first token with the new key id makes the gateway fetch the
      // keys again; the cooldown only bounds how often an unknown key id can cause a fetch.
      cooldownDuration: 5_000,
      cacheMaxAge: 10 * 60_000,
      timeoutDuration: 3_000,
    });
  }

  /** Whether verify() would check no signature: the token is verified and unexpired, or being checked. */
  knows(token: string): boolean {
    return (this.verified.get(token)?.expiresAt ?? 0) > Date.now() || this.verifying.has(token);
  }

  async verify(token: string): Promise<VerifiedToken> {
    const cached = this.verified.get(token);
    if (cached) {
      if (cached.expiresAt > Date.now()) return cached;
      this.verified.delete(token);
    }
    let pending = this.verifying.get(token);
    if (!pending) {
      pending = this.check(token).finally(() => this.verifying.delete(token));
      this.verifying.set(token, pending);
    }
    return pending;
  }

  private async check(token: string): Promise<VerifiedToken> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.jwks, {
        issuer: this.config.OIDC_ISSUER,
        audience: this.config.API_AUDIENCE,
        algorithms: ['ES256'],
        typ: 'at+jwt',
        requiredClaims: ['exp', 'iat', 'sub'],
        clockTolerance: clockToleranceSeconds,
        // Also refuses an iat in the future (jose checks it only with a maximum age).
        maxTokenAge: this.config.ACCESS_TOKEN_TTL_SECONDS,
      }));
    } catch (error) {
      throw new InvalidTokenError(describe(error));
    }
    // jwtVerify has made sure both are there (requiredClaims).
    if ((payload.exp as number) - (payload.iat as number) > this.config.ACCESS_TOKEN_TTL_SECONDS) {
      throw new InvalidTokenError(`the token lives longer than ${this.config.ACCESS_TOKEN_TTL_SECONDS} s`);
    }
    const result = toVerifiedToken(payload);
    if (this.verified.size >= cacheLimit) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, result);
    return result;
  }
}

function toVerifiedToken(payload: JWTPayload): VerifiedToken {
  const claim = (name: string) => payload[name];
  const type = claim(tokenClaims.type);
  const clientId = typeof payload.client_id === 'string' ? payload.client_id : undefined;
  const acr = Number(claim('acr'));
  const enterprise = claim(tokenClaims.enterprise);
  const actor = (payload.act as { sub?: unknown } | undefined)?.sub;
  const acting = typeof enterprise === 'string' && typeof actor === 'string';
  return {
    caller: {
      // A person acting for an enterprise: the enterprise is the subject, the person its actor.
      subject: acting ? `enterprise:${enterprise}` : payload.sub!,
      ...(acting ? { actor } : {}),
      type: type === 'app' || type === 'person' || type === 'staff' || type === 'enterprise' ? type : 'person',
      departmentCode: typeof claim(tokenClaims.department) === 'string' ? (claim(tokenClaims.department) as string) : undefined,
      appId: clientId,
      scopes: typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [],
      acr: Number.isInteger(acr) && acr >= 1 && acr <= 4 ? acr : undefined,
    },
    clientId,
    grantId: typeof claim(tokenClaims.grant) === 'string' ? (claim(tokenClaims.grant) as string) : undefined,
    tokenGeneration: Number.isSafeInteger(claim(tokenClaims.tokenGeneration)) ? (claim(tokenClaims.tokenGeneration) as number) : 0,
    expiresAt: payload.exp! * 1000,
  };
}

function describe(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'iat') return 'the token is issued in the future';
  if (error instanceof errors.JWTClaimValidationFailed) return `the token's ${error.claim} claim is not acceptable`;
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the token is not signed with ES256';
  if (error instanceof errors.JWKSNoMatchingKey) return 'the token is not signed by a known key';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token signature is not valid';
  if (error instanceof errors.JWKSTimeout) return 'the signing keys could not be fetched in time';
  return 'the token is not a valid access token';
}
