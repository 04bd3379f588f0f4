import { inboxPrefixOf } from '@igs/contracts';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import type { MessagingOptions } from './messaging.options.js';
import { RequestMux } from './request-mux.js';
import { TurnPublisher } from './turn-publisher.js';

/**
 * One NATS connection per app, with endless reconnects: a NATS restart must not take a
 * service down, only make it unready until the connection is back.
 */
export class NatsLink {
  private connected = true;
  private mux?: RequestMux;
  /** Publishing for the hot paths: the messages of one event-loop turn share a socket write. */
  readonly publisher: TurnPublisher;

  private constructor(
    readonly nc: NatsConnection,
    private readonly inboxPrefix: string,
  ) {
    this.publisher = new TurnPublisher(nc);
  }

  static async connect(options: MessagingOptions, logger: Logger): Promise<NatsLink> {
    const security = options.security;
    const nc = await connect({
      servers: security?.servers ?? options.natsUrl.split(',').map((s) => s.trim()),
      authenticator: security?.authenticator,
      tls: security?.tls,
      // Replies come to an inbox only this app may subscribe to (the generated permissions).
      inboxPrefix: inboxPrefixOf(options.app),
      name: options.app,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
      pingInterval: 10_000,
      timeout: 5_000,
      // nats.js otherwise captures two stack traces per request of its own (JetStream's API
      // calls; the service requests go through RequestMux); their errors are mapped to codes.
      noAsyncTraces: true,
    });
    const link = new NatsLink(nc, inboxPrefixOf(options.app));
    void link.watch(logger);
    return link;
  }

  /** Request-reply for this connection; its inbox is subscribed on first use. */
  get requests(): RequestMux {
    this.mux ??= new RequestMux(this.nc, this.publisher, this.inboxPrefix);
    return this.mux;
  }

  /** Ready means connected now: not closed, not draining, not between reconnects. */
  isConnected(): boolean {
    return this.connected && !this.nc.isClosed() && !this.nc.isDraining();
  }

  private async watch(logger: Logger): Promise<void> {
    for await (const status of this.nc.status()) {
      if (status.type === 'disconnect') this.connected = false;
      if (status.type === 'reconnect') this.connected = true;
      if (status.type === 'disconnect' || status.type === 'reconnect') {
        logger.warn({ nats: status.type, server: status.server }, 'NATS connection changed');
      }
    }
  }
}
