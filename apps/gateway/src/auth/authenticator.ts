import { Inject, Injectable } from '@nestjs/common';
import { anonymousCaller, type Caller, type RouteAccess } from '@igs/contracts';
import { AppError } from '@igs/platform';
import type { FastifyRequest } from 'fastify';
import type { GatewayConfig } from '../config.js';
import { GATEWAY_CONFIG } from '../gateway.options.js';
import { RateLimits } from './rate-limits.js';
import { Revocations } from './revocations.js';
import { InvalidTokenError, TokenVerifier } from './token-verifier.js';

const realm = 'Bearer realm="igs"';

/**
 * Who is calling a route, and whether the route lets them: 401 without a valid token, 403
 * without the rights, 429 over the caller's rate.
 */
@Injectable()
export class Authenticator {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly revocations: Revocations,
    private readonly limits: RateLimits,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async authenticate(access: RouteAccess, request: FastifyRequest): Promise<Caller> {
    if ('public' in access || this.config.GATEWAY_AUTH === 'off') {
      await this.limits.admit(anonymousCaller, request);
      return anonymousCaller;
    }
    const header = request.headers.authorization;
    if (!header) throw unauthenticated('this route needs a bearer access token', realm);
    const match = /^Bearer ([A-Za-z0-9_.~+/-]+=*)$/.exec(header);
    if (!match) throw unauthenticated('the Authorization header is not a bearer token', `${realm}, error="invalid_request"`);

    if (!this.verifier.knows(match[1])) await this.limits.admitAddress(request);
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
    if (this.revocations.isAppDisabled(token.clientId) && token.caller.type === 'app') {
      throw unauthenticated('the app this token was issued to is disabled', `${realm}, error="invalid_token", error_description="app disabled"`);
    }
    if (this.revocations.isGrantRevoked(token.grantId)) {
      throw unauthenticated('the token has been revoked', `${realm}, error="invalid_token", error_description="token revoked"`);
    }
    const missing = access.scopes.filter((scope) => !token.caller.scopes.includes(scope));
    if (missing.length > 0) {
      throw forbidden(`the token lacks the scope ${missing.join(' ')}`, `${realm}, error="insufficient_scope", scope="${access.scopes.join(' ')}"`);
    }
    if (access.minAcr !== undefined && (token.caller.acr ?? 0) < access.minAcr) {
      throw forbidden(`this route needs assurance level ${access.minAcr}`, `${realm}, error="insufficient_user_authentication", acr_values="${access.minAcr}"`);
    }
    await this.limits.admit(token.caller, request);
    return token.caller;
  }
}

function unauthenticated(message: string, challenge: string): AppError {
  return new AppError('AUTH.UNAUTHENTICATED', message, { wwwAuthenticate: challenge });
}

function forbidden(message: string, challenge: string): AppError {
  return new AppError('AUTH.FORBIDDEN', message, { wwwAuthenticate: challenge });
}
