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
    source: {
      ...common,
      slowAfter: Math.max(config.LOGIN_SLOW_AFTER, Math.floor(config.LOGIN_SOURCE_LOCK_AFTER / 2)),
      lockAfter: config.LOGIN_SOURCE_LOCK_AFTER,
    },
  };
}

/** A key to count attempts against (an account, a client, a source address) and its policy. */
export interface ThrottleKey {
  key: string;
  policy: ThrottlePolicy;
}

export type Admission = { locked: true; until: Date } | { locked: false; delayMs: number };

/**
 * Failed credential checks per key (account, client, source address), in the database so
 * every replica sees the same counts. Failures slow the next answers down, then lock the key
 * for a while.
 *
 * An attempt is counted before its credential is checked, in one statement that increments
 * and returns the count under the row's lock, so parallel attempts each see a different count
 * and no more than `lockAfter` of them are ever checked. The attempts that turn out right are
 * taken back (`succeed`). Counting after the check instead let 25 parallel wrong passwords be
 * checked although the lock was at 10: each had read the count before any had written it.
 */
@Injectable()
export class LoginThrottle {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Counts one attempt against every key; locked when any key is over its limit, and then
   * the attempts counted against the other keys are taken back, since nothing is checked.
   */
  async begin(keys: readonly ThrottleKey[]): Promise<Admission> {
    const counted = await Promise.all(keys.map(({ key, policy }) => this.count(key, policy)));
    const locks = counted.filter((state): state is { locked: true; until: Date } => state.locked);
    if (locks.length === 0) return { locked: false, delayMs: Math.max(0, ...counted.map((state) => (state.locked ? 0 : state.delayMs))) };
    await Promise.all(keys.filter((_key, index) => !counted[index].locked).map((key) => this.release(key)));
    return { locked: true, until: new Date(Math.max(...locks.map((lock) => lock.until.getTime()))) };
  }

  /**
   * The credential was right: its own key (the first) starts again from nothing, and the
   * attempt is taken back from the others (a source address many people share).
   */
  async succeed([own, ...others]: readonly ThrottleKey[]): Promise<void> {
    await Promise.all([this.dataSource.query('DELETE FROM identity.login_throttle WHERE key = $1', [own.key]), ...others.map((key) => this.release(key))]);
  }

  /**
   * The count of recent attempts including this one, and whether it is over the limit. While
   * a key is locked its lock end stays where it was; once the lock or the counting window is
   * over, counting starts again at one.
   */
  private async count(key: string, policy: ThrottlePolicy): Promise<Admission> {
    const [row]: { failures: number; locked_until: Date | null }[] = await this.dataSource.query(
      `INSERT INTO identity.login_throttle AS t (key, failures, last_failure_at, locked_until)
       VALUES ($1, 1, now(), CASE WHEN 1 >= $3 THEN now() + make_interval(mins => $2) END)
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN t.locked_until > now() OR (t.locked_until IS NULL AND t.last_failure_at > now() - make_interval(mins => $2))
                         THEN t.failures + 1 ELSE 1 END,
         last_failure_at = now(),
         locked_until = CASE
           WHEN t.locked_until > now() THEN t.locked_until
           WHEN (CASE WHEN t.locked_until IS NULL AND t.last_failure_at > now() - make_interval(mins => $2) THEN t.failures + 1 ELSE 1 END) >= $3
             THEN now() + make_interval(mins => $2)
           END
       RETURNING failures, locked_until`,
      [key, policy.lockMinutes, policy.lockAfter],
    );
    if (row.failures > policy.lockAfter) return { locked: true, until: row.locked_until ?? new Date(Date.now() + policy.lockMinutes * 60_000) };
    const over = row.failures - 1 - policy.slowAfter;
    return { locked: false, delayMs: over < 0 ? 0 : Math.min(4000, policy.delayMs * 2 ** over) };
  }

  /** Takes one counted attempt back, and the lock with it when the count falls under the limit. */
  private async release({ key, policy }: ThrottleKey): Promise<void> {
    await this.dataSource.query(
      `UPDATE identity.login_throttle SET failures = failures - 1,
         locked_until = CASE WHEN failures - 1 >= $2 THEN locked_until END
       WHERE key = $1 AND failures > 0`,
      [key, policy.lockAfter],
    );
  }
}
