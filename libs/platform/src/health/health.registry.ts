import { Injectable } from '@nestjs/common';

export type HealthCheck = () => boolean | Promise<boolean>;

/** The dependencies readiness depends on, registered by the modules that own them. */
@Injectable()
export class HealthRegistry {
  private readonly checks = new Map<string, HealthCheck>();

  register(name: string, check: HealthCheck): void {
    this.checks.set(name, check);
  }

  async report(): Promise<{ ready: boolean; checks: Record<string, 'up' | 'down'> }> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => {
        const up = await Promise.race([
          Promise.resolve()
            .then(check)
            .catch(() => false),
          new Promise<boolean>((resolve) => setTimeout(resolve, 2000, false).unref()),
        ]);
        return [name, up ? 'up' : 'down'] as const;
      }),
    );
    return { ready: entries.every(([, state]) => state === 'up'), checks: Object.fromEntries(entries) };
  }

  /**
   * Resolves once every check is up, for whatever starts an app in-process (tests, the e2e
   * platform) and has no readiness probe to wait on; fails naming the checks still down.
   */
  async untilReady(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { ready, checks } = await this.report();
      if (ready) return;
      if (Date.now() > deadline) {
        const down = Object.keys(checks).filter((name) => checks[name] !== 'up');
        throw new Error(`not ready after ${timeoutMs} ms: ${down.join(', ')} down`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
