import type { BusApp } from '@igs/contracts';
import { loadConfig, MessageBus, messagingOptionsFor, NatsLink, platformEnv, type AppLogger } from '@igs/platform';
import type { TestNats } from './test-nats.js';

/**
 * A request-reply client on a test's bus, as one of the apps holds one (by default the
 * gateway, which may speak for people and department apps): with that app's credentials,
 * permissions and caller signing.
 */
export async function createTestBus(
  nats: TestNats,
  logger: AppLogger,
  as: BusApp = 'gateway',
): Promise<{ bus: MessageBus; link: NatsLink; close(): Promise<void> }> {
  const options = messagingOptionsFor(as, loadConfig(platformEnv, { ...nats.envFor(as), NATS_REQUEST_TIMEOUT_MS: '5000' }));
  const link = await NatsLink.connect(options, logger);
  return { bus: new MessageBus(link, options, logger), link, close: () => link.nc.drain() };
}
