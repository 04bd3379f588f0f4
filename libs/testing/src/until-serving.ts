import { HealthRegistry } from '@igs/platform';

/** What of a Nest application this needs: its providers. */
interface AppContext {
  get(token: typeof HealthRegistry): HealthRegistry;
}

/**
 * Waits until an app started in-process (without a health port) is ready: a service takes
 * requests over NATS only from then on (see RequestHandlerRegistrar).
 */
export async function untilServing(app: AppContext, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await app.get(HealthRegistry).report()).ready) {
    if (Date.now() > deadline) throw new Error('an in-process service did not become ready');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
