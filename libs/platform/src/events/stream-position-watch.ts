import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection, QueuedIterator, Status } from '@nats-io/transport-node';

export interface PositionWatchOptions {
  nc: NatsConnection;
  /** The stream's name, and the (prefixed) subject filter of the follower, if it has one. */
  stream: string;
  filter?: string;
  /** The stream sequence of the last event the follower handled; undefined before it has a consumer. */
  handled(): number | undefined;
  checkIntervalMs: number;
  stallMs: number;
  /** The follower was behind the stream for `stallMs` without handling anything. */
  onStall(handled: number, last: number): void;
  /** The connection came back: whatever consumer the follower had may be gone. */
  onReconnect(): void;
}

export interface PositionWatch {
  /** Known to be current: connected, and not behind the stream without progress. */
  isCurrent(): boolean;
  /** How many events the follower was behind the stream at the last check (0 before any). */
  lag(): number;
  /** The follower's consumer delivered an event with nothing pending after it: it is current. */
  caughtUp(): void;
  stop(): void;
}

/**
 * A check may be slow on a busy machine, which says nothing about the follower: only checks
 * failing for this long (JetStream not answering) make it not current.
 */
const checkTimeoutMs = 2_000;

/**
 * Checks a stream follower against the stream several times a second: the stream's last
 * sequence on the follower's subjects (one small JetStream API request) against the last one
 * the follower handled. A follower that is behind and makes no progress for `stallMs` is
 * stalled, whatever its consumer believes: it is no longer current, and told to make its
 * consumer again. It is current again once a check finds it has caught up. While the
 * connection is down, or the stream cannot be asked for a few seconds, nothing can be
 * known, so it is not current either: a copy used for authorisation then refuses rather
 * than answers from what may be stale.
 */
export function positionWatch(options: PositionWatchOptions): PositionWatch {
  const { nc, stream, filter, checkIntervalMs, stallMs } = options;
  let current = true;
  let connected = true;
  let stopped = false;
  let checking = false;
  /** Since when the follower has been behind with `handledThen` as its position. */
  let behind: { since: number; handledThen: number } | undefined;
  let failingSince: number | undefined;
  let lag = 0;
  let manager: Promise<JetStreamManager> | undefined;

  const lastSequence = async (): Promise<number> => {
    manager ??= jetstreamManager(nc, { checkAPI: false, timeout: checkTimeoutMs });
    const jsm = await manager;
    if (!filter) return (await jsm.streams.info(stream)).state.last_seq;
    return (await jsm.streams.getMessage(stream, { last_by_subj: filter }))?.seq ?? 0;
  };

  const check = async () => {
    if (checking || stopped) return;
    if (!connected) {
      current = false;
      return;
    }
    const handledBefore = options.handled();
    if (handledBefore === undefined) return;
    checking = true;
    try {
      const last = await lastSequence();
      failingSince = undefined;
      const handled = options.handled() ?? handledBefore;
      lag = Math.max(0, last - handled);
      const now = Date.now();
      if (last <= handled) {
        current = true;
        behind = undefined;
      } else if (!behind || behind.handledThen !== handled) {
        behind = { since: now, handledThen: handled };
      } else if (now - behind.since >= stallMs) {
        current = false;
        behind = { since: now, handledThen: handled };
        options.onStall(handled, last);
      }
    } catch {
      const now = Date.now();
      failingSince ??= now;
      if (now - failingSince >= checkTimeoutMs) current = false;
    } finally {
      checking = false;
    }
  };

  const timer = setInterval(() => void check(), checkIntervalMs);
  timer.unref();
  // nc.status() is a QueuedIterator, which stops at once (its async iterator would wait for the next status).
  const status = nc.status() as QueuedIterator<Status>;
  void (async () => {
    for await (const change of status) {
      if (change.type === 'disconnect') {
        connected = false;
        current = false;
      } else if (change.type === 'reconnect') {
        connected = true;
        behind = undefined;
        options.onReconnect();
        void check();
      }
    }
  })();

  return {
    isCurrent: () => current,
    lag: () => lag,
    caughtUp() {
      if (!connected) return;
      current = true;
      behind = undefined;
    },
    stop() {
      stopped = true;
      clearInterval(timer);
      status.stop();
    },
  };
}
