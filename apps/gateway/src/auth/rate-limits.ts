import { Inject, Injectable } from '@nestjs/common';
import type { Caller } from '@igs/contracts';
import { AppError } from '@igs/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { GatewayConfig } from '../config.js';
import { GATEWAY_CONFIG } from '../gateway.options.js';

/** What the problem of a 429 carries besides its code: the gateway turns it into Retry-After. */
interface RateLimitDetails {
  retryAfterSeconds: number;
  limitPerSecond: number;
}

/** One rate's counter and its `RateLimit-Policy` value, made once rather than per request. */
interface Budget {
  limiter: RateLimiterMemory;
  policy: string;
}

/**
 * The IETF rate limit headers (draft-ietf-httpapi-ratelimit-headers, structured-field form):
 * `RateLimit-Policy: "default";q=<rate>;w=1` names the caller's quota per one-second window,
 * `RateLimit: "default";r=<left>;t=<seconds to the next window>` what is left of it.
 */
export const rateLimitHeader = 'ratelimit';
export const rateLimitPolicyHeader = 'ratelimit-policy';

/**
 * How many requests per second each caller may make through this gateway replica: department
 * apps by client id (with per-app exceptions), people, enterprises and staff by subject,
 * anonymous callers by address. Counted in memory in one-second windows, so no request waits
 * for a shared store; with several replicas behind a load balancer a caller's effective rate
 * is the replicas times its rate, which the deployment sizes the settings for.
 */
@Injectable()
export class RateLimits {
  /** One limiter per distinct rate: a limiter has one budget for all its keys. */
  private readonly budgets = new Map<number, Budget>();

  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  /**
   * Counts one request of an authenticated (or anonymous) caller and says on the reply what
   * is left of its rate; 429 when over it. A caller whose rate is 0 is not limited and gets
   * no rate limit headers.
   */
  admit(caller: Caller, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (caller.type === 'app' && caller.appId) {
      return this.take(`app:${caller.appId}`, this.config.RATE_LIMIT_APPS.get(caller.appId) ?? this.config.RATE_LIMIT_APP_PER_SECOND, 'this app', reply);
    }
    if (caller.type === 'anonymous') return this.admitAddress(request, reply);
    return this.take(`user:${caller.subject}`, this.config.RATE_LIMIT_USER_PER_SECOND, 'this user', reply);
  }

  /**
   * Counts a request against its address's anonymous rate. Also used before a token is
   * checked for the first time, so that a flood of made-up tokens costs the sender its
   * address's budget instead of costing the gateway a signature check each.
   */
  admitAddress(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    return this.take(`address:${request.ip}`, this.config.RATE_LIMIT_ANONYMOUS_PER_SECOND, 'this address', reply);
  }

  /**
   * The headers of the last budget counted win: a new token's request is counted against its
   * address first, then against its caller, whose budget the answer then shows.
   */
  private async take(key: string, perSecond: number, who: string, reply: FastifyReply): Promise<void> {
    if (perSecond === 0) return;
    const budget = this.budgetOf(perSecond);
    void reply.header(rateLimitPolicyHeader, budget.policy);
    try {
      const state = await budget.limiter.consume(key);
      void reply.header(rateLimitHeader, rateLimitOf(state));
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      void reply.header(rateLimitHeader, rateLimitOf(rejection));
      const details: RateLimitDetails = { retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)), limitPerSecond: perSecond };
      throw new AppError('PLATFORM.RATE_LIMITED', `${who} may make ${perSecond} requests per second; try again in ${details.retryAfterSeconds} s`, details);
    }
  }

  private budgetOf(perSecond: number): Budget {
    let budget = this.budgets.get(perSecond);
    if (!budget) {
      budget = { limiter: new RateLimiterMemory({ points: perSecond, duration: 1 }), policy: `"default";q=${perSecond};w=1` };
      this.budgets.set(perSecond, budget);
    }
    return budget;
  }
}

/** What is left of a window: the requests (0 once refused) and the whole seconds until the next one. */
function rateLimitOf(state: RateLimiterRes): string {
  return `"default";r=${state.remainingPoints};t=${Math.ceil(state.msBeforeNext / 1000)}`;
}
