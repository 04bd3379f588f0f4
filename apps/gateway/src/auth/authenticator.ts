import { Inject, Injectable } from '@nestjs/common';
import { acrValuesFrom, anonymousCaller, type Caller, type RouteAccess } from '@igs/contracts';
import { AppError } from '@igs/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayConfig } from '../config.js';
import { GATEWAY_CONFIG } from '../gateway.options.js';
import { RateLimits } from './rate-limits.js';
import { Revocations } from './revocations.js';
import { InvalidTokenError, TokenVerifier } from './token-verifier.js';

const realm = 'Bearer realm="igs"';

/**
 * Who is calling a route, and whether the route lets them: 401 without a valid token, 403
 * without the rights, 429 over the caller's rate (the reply carries the rate limit headers).
 */
@Injectable()
export class Authenticator {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly revocations: Revocations,
    private readonly limits: RateLimits,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async authenticate(access: RouteAccess, request: FastifyRequest, reply: FastifyReply): Promise<Caller> {
    if ('public' in access || this.config.GATEWAY_AUTH === 'off') {
      await this.limits.admit(anonymousCaller, request, reply);
      return anonymousCaller;
    }
    const header = request.headers.authorization;
    if (!header) throw unauthenticated('this route needs a bearer access token', realm);
    const match = /^Bearer ([A-Za-z0-9_.~+/-]+=*)$/.exec(header);
    if (!match) throw unauthenticated('the Authorization header is not a bearer token', `${realm}, error="invalid_request"`);

    if (!this.verifier.knows(match[1])) await this.limits.admitAddress(request, reply);
    let token;
    try {
      token = await this.verifier.verify(match[1]);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw unauthenticated(error.message, `${realm}, error="invalid_token", error_description="${error.message}"`);
      throw error;
    }
    // A copy that may have missed a disabled app or a revoked grant must not let them in.
    if (!this.revocations.isCurrent()) {
      throw new AppError('PLATFORM.SERVICE_UNAVAILABLE', 'the disabled apps and revoked tokens cannot be checked now; try again', { retryAfterSeconds: 1 });
    }
    if (token.caller.type === 'app') {
      if (this.revocations.isAppDisabled(token.clientId)) {
        throw unauthenticated('the app this token was issued to is disabled', `${realm}, error="invalid_token", error_description="app disabled"`);
      }
      if (this.revocations.isAppTokenRevoked(token.clientId, token.tokenGeneration)) {
        throw unauthenticated(
          "the token was issued before the app's secret was rotated or the app was disabled",
          `${realm}, error="invalid_token", error_description="token revoked"`,
        );
      }
    }
    if (this.revocations.isGrantRevoked(token.grantId)) {
      throw unauthenticated('the token has been revoked', `${realm}, error="invalid_token", error_description="token revoked"`);
    }
    const missing = access.scopes.filter((scope) => !token.caller.scopes.includes(scope));
    if (missing.length > 0) {
      throw forbidden(`the token lacks the scope ${missing.join(' ')}`, `${realm}, error="insufficient_scope", scope="${access.scopes.join(' ')}"`);
    }
    if (access.minAcr !== undefined) this.checkAssurance(access.minAcr, token.caller);
    await this.limits.admit(token.caller, request, reply);
    return token.caller;
  }

  /**
   * A route for signed-in people whose sign-in proves at least `minAcr`. A weaker sign-in
   * gets 401 with what to ask the identity service for (RFC 9470), which then asks the person
   * for the missing factor; an app token has no sign-in to strengthen.
   */
  private checkAssurance(minAcr: number, caller: Caller): void {
    if (caller.type === 'app') throw forbidden('this route is for signed-in people, not department apps', realm);
    if ((caller.acr ?? 0) >= minAcr) return;
    const acrValues = acrValuesFrom(minAcr);
    throw new AppError(
      'AUTH.INSUFFICIENT_USER_AUTHENTICATION',
      `this route needs a sign-in of assurance level ${minAcr} or more: sign in again with acr_values="${acrValues}"`,
      {
        wwwAuthenticate: `${realm}, error="insufficient_user_authentication", error_description="a stronger sign-in is needed", acr_values="${acrValues}"`,
      },
    );
  }
}

function unauthenticated(message: string, challenge: string): AppError {
  return new AppError('AUTH.UNAUTHENTICATED', message, { wwwAuthenticate: challenge });
}

function forbidden(message: string, challenge: string): AppError {
  return new AppError('AUTH.FORBIDDEN', message, { wwwAuthenticate: challenge });
}
