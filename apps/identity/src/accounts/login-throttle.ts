import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

import type { IdentityConfig } from '../identity.options.js';

export interface ThrottlePolicy {
  /** Failures before answers are slowed down. */
  slowAfter: number;
  /** Failures before the key is locked. */
  lockAfter: number;
  lockMinutes: number;
  /** The first delay; it doubles with each further failure, up to 4 s. */
  delayMs: number;
}

export function throttlePolicies(config: IdentityConfig): { account: ThrottlePolicy; source: ThrottlePolicy } {
  const common = { lockMinutes: config.LOGIN_LOCK_MINUTES, delayMs: config.LOGIN_DELAY_MS };
  return {
    account: { ...common, slowAfter: config.LOGIN_SLOW_AFTER, lockAfter: config.LOGIN_LOCK_AFTER },
    source: { ...common, slowAfter: Math.max(config.LOGIN_SLOW_AFTER, Math.floor(config.LOGIN_SOURCE_LOCK_AFTER / 2)), lockAfter: config.LOGIN_SOURCE_LOCK_AFTER },
  };
}

export type ThrottleState = { locked: true; until: Date } | { locked: false; delayMs: number };

/**
 * Failed logins per account and per source address, in the database so every replica
 * sees the same counts. Failures slow the next answers down, then lock the key for a while.
 */
@Injectable()
export class LoginThrottle {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async check(key: string, policy: ThrottlePolicy): Promise<ThrottleState> {
    const [row]: { failures: number; locked_until: Date | null }[] = await this.dataSource.query(
      `SELECT failures, locked_until FROM identity.login_throttle WHERE key = $1 AND last_failure_at > now() - make_interval(mins => $2)`,
      [key, policy.lockMinutes],
    );
    if (!row) return { locked: false, delayMs: 0 };
    if (row.locked_until && row.locked_until.getTime() > Date.now()) return { locked: true, until: row.locked_until };
    const over = row.failures - policy.slowAfter;
    return { locked: false, delayMs: over < 0 ? 0 : Math.min(4000, policy.delayMs * 2 ** over) };
  }

  async recordFailure(key: string, policy: ThrottlePolicy): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO identity.login_throttle AS t (key, failures, last_failure_at) VALUES ($1, 1, now())
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN t.last_failure_at > now() - make_interval(mins => $2) THEN t.failures + 1 ELSE 1 END,
         last_failure_at = now(),
         locked_until = CASE WHEN (CASE WHEN t.last_failure_at > now() - make_interval(mins => $2) THEN t.failures + 1 ELSE 1 END) >= $3
                             THEN now() + make_interval(mins => $2) ELSE NULL END`,
      [key, policy.lockMinutes, policy.lockAfter],
    );
  }

  async reset(key: string): Promise<void> {
    await this.dataSource.query('DELETE FROM identity.login_throttle WHERE key = $1', [key]);
  }
}
