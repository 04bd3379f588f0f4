import { createInbox, NoRespondersError, TimeoutError, type Msg, type MsgHdrs, type NatsConnection } from '@nats-io/transport-node';

interface Pending {
  subject: string;
  resolve: (msg: Msg) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

interface Outgoing {
  subject: string;
  data: Uint8Array;
  headers?: MsgHdrs;
  token: string;
}

/**
 * Request-reply over one inbox subscription, with the requests made in one turn of the
 * event loop published together.
 *
 * nats.js flushes its outbound buffer in a microtask, so a gateway serving many HTTP requests
 * per turn made one socket write per request; on a loaded machine those writes (each waking
 * the NATS server) were a fifth of the gateway's CPU. Publishing the turn's requests in one
 * synchronous run lets them share a write. Its own inbox also spares the per-request error
 * objects nats.js builds when a request settles.
 */
export class RequestMux {
  private readonly inbox = `${createInbox()}.`;
  private readonly pending = new Map<string, Pending>();
  private queue: Outgoing[] = [];
  private sequence = 0;

  constructor(private readonly nc: NatsConnection) {
    nc.subscribe(`${this.inbox}*`, { callback: (_error, msg) => this.settle(msg) });
  }

  /** Resolves with the reply; rejects with NoRespondersError or TimeoutError as nats.js would. */
  request(subject: string, data: Uint8Array, timeoutMs: number, headers?: MsgHdrs): Promise<Msg> {
    return new Promise<Msg>((resolve, reject) => {
      const token = (this.sequence++).toString(36);
      const timer = setTimeout(() => this.fail(token, new TimeoutError()), timeoutMs);
      this.pending.set(token, { subject, resolve, reject, timer });
      this.queue.push({ subject, data, headers, token });
      if (this.queue.length === 1) setImmediate(this.publishQueued);
    });
  }

  private readonly publishQueued = (): void => {
    const queued = this.queue;
    this.queue = [];
    for (const { subject, data, headers, token } of queued) {
      try {
        this.nc.publish(subject, data, { reply: this.inbox + token, headers });
      } catch (error) {
        this.fail(token, error instanceof Error ? error : new Error(String(error)));
      }
    }
  };

  private settle(msg: Msg): void {
    const token = msg.subject.slice(this.inbox.length);
    const entry = this.pending.get(token);
    if (!entry) return; // answered after its timeout
    this.pending.delete(token);
    clearTimeout(entry.timer);
    // The server answers a request nobody subscribes to with an empty 503 status message.
    if (msg.data.length === 0 && msg.headers?.code === 503) entry.reject(new NoRespondersError(entry.subject));
    else entry.resolve(msg);
  }

  private fail(token: string, error: Error): void {
    const entry = this.pending.get(token);
    if (!entry) return;
    this.pending.delete(token);
    clearTimeout(entry.timer);
    entry.reject(error);
  }
}
