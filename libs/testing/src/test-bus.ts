import { MessageBus, NatsLink, type AppLogger } from '@igs/platform';
import { testNatsUrl } from './test-nats.js';

/** A request-reply client on the test's subject prefix, as another service would hold one. */
export async function createTestBus(subjectPrefix: string, logger: AppLogger): Promise<{ bus: MessageBus; link: NatsLink; close(): Promise<void> }> {
  const options = { app: 'test-client', natsUrl: testNatsUrl(), subjectPrefix, requestTimeoutMs: 5000 };
  const link = await NatsLink.connect(options, logger);
  return { bus: new MessageBus(link, options, logger), link, close: () => link.nc.drain() };
}
