import { Inject, Injectable } from '@nestjs/common';
import type { Caller } from '@igs/contracts';
import { AppError } from '@igs/platform';
import type { FastifyRequest } from 'fastify';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { GatewayConfig } from '../config.js';
import { GATEWAY_CONFIG } from '../gateway.options.js';

/** What the problem of a 429 carries besides its code: the gateway turns it into Retry-After. */
interface RateLimitDetails {
  retryAfterSeconds: number;
  limitPerSecond: number;
}

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
  private readonly limiters = new Map<number, RateLimiterMemory>();

  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  /** Counts one request of an authenticated (or anonymous) caller; 429 when over its rate. */
  admit(caller: Caller, request: FastifyRequest): Promise<void> {
    if (caller.type === 'app' && caller.appId) {
      return this.take(`app:${caller.appId}`, this.config.RATE_LIMIT_APPS.get(caller.appId) ?? this.config.RATE_LIMIT_APP_PER_SECOND, 'this app');
    }
    if (caller.type === 'anonymous') return this.admitAddress(request);
    return this.take(`user:${caller.subject}`, this.config.RATE_LIMIT_USER_PER_SECOND, 'this user');
  }

  /**
   * Counts a request against its address's anonymous rate. Also used before a token is
   * checked for the first time, so that a flood of made-up tokens costs the sender its
   * address's budget instead of costing the gateway a signature check each.
   */
  admitAddress(request: FastifyRequest): Promise<void> {
    return this.take(`address:${request.ip}`, this.config.RATE_LIMIT_ANONYMOUS_PER_SECOND, 'this address');
  }

  private async take(key: string, perSecond: number, who: string): Promise<void> {
    if (perSecond === 0) return;
    try {
      await this.limiterOf(perSecond).consume(key);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const details: RateLimitDetails = { retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)), limitPerSecond: perSecond };
      throw new AppError('PLATFORM.RATE_LIMITED', `${who} may make ${perSecond} requests per second; try again in ${details.retryAfterSeconds} s`, details);
    }
  }

  private limiterOf(perSecond: number): RateLimiterMemory {
    let limiter = this.limiters.get(perSecond);
    if (!limiter) {
      limiter = new RateLimiterMemory({ points: perSecond, duration: 1 });
      this.limiters.set(perSecond, limiter);
    }
    return limiter;
  }
}
