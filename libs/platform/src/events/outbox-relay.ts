import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { context, type BatchObservableCallback, type Counter, type ObservableGauge } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { busAccess, prefixed, type BusApp, type StreamKey } from '@igs/contracts';
import type { DataSource } from 'typeorm';
import { LOGGER, type AppLogger } from '../logging/logger.token.js';
import { RateLimitedLog } from '../logging/rate-limited-log.js';
import { encodeJson } from '../messaging/message-codec.js';
import { MESSAGING_OPTIONS, NATS_CONNECTION, type MessagingOptions } from '../messaging/messaging.options.js';
import type { NatsLink } from '../messaging/nats-connection.js';
import { createInstrument, platformMeter } from '../telemetry/instruments.js';
import { platformMetrics } from '../telemetry/metric-names.js';
import { ensureStream } from './event-streams.js';
import { EVENTS_OPTIONS, type EventsOptions } from './events.options.js';

const batchSize = 200;
/** A scrape waits this long at most for the outbox's figures; without them it reports none. */
const observeTimeoutMs = 1_000;

interface OutboxRow {
  seq: string;
  id: string;
  subject: string;
  payload: unknown;
  headers: Record<string, string>;
}

/**
 * Publishes the outbox to JetStream in commit order, with the event id as `Nats-Msg-Id`
 * so a batch re-sent after a crash is de-duplicated by the stream. Rows are locked with
 * SKIP LOCKED, so several replicas can run a relay each.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private js?: JetStreamClient;
  private running?: Promise<void>;
  private again = false;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private observed?: { backlog: ObservableGauge; lag: ObservableGauge };
  /** A round fails every second while NATS or the database is down: once a minute is enough to say so. */
  private readonly failures: RateLimitedLog;
  private readonly published: Counter = createInstrument(platformMetrics.outboxPublished);
  private readonly observeBacklog: BatchObservableCallback = (result) => this.observe(result);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly link: NatsLink,
    @Inject(MESSAGING_OPTIONS) private readonly messaging: MessagingOptions,
    @Inject(EVENTS_OPTIONS) private readonly options: EventsOptions,
    @Inject(LOGGER) logger: AppLogger,
  ) {
    this.failures = new RateLimitedLog(logger, 60_000);
  }

  async onApplicationBootstrap(): Promise<void> {
    // In order: a stream that gives up subjects to another is updated before that one is made.
    for (const stream of this.ownedStreams()) await ensureStream(this.link.nc, this.messaging.subjectPrefix, stream, this.messaging.streams);
    this.js = jetstream(this.link.nc);
    const meter = platformMeter();
    const backlog = createInstrument(platformMetrics.outboxBacklog, meter);
    const lag = createInstrument(platformMetrics.outboxLag, meter);
    this.observed = { backlog, lag };
    meter.addBatchObservableCallback(this.observeBacklog, [backlog, lag]);
    this.timer = setInterval(() => this.kick(), this.options.pollIntervalMs ?? 1000);
    this.timer.unref();
    this.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.observed) platformMeter().removeBatchObservableCallback(this.observeBacklog, [this.observed.backlog, this.observed.lag]);
    clearInterval(this.timer);
    await this.running;
  }

  /** The stream of the options, then any other the contracts say the app owns (identity's grant revocations). */
  private ownedStreams(): StreamKey[] {
    const app = this.messaging.app as BusApp;
    return [...new Set([this.options.stream, ...(Object.hasOwn(busAccess, app) ? busAccess[app].owns : [])])];
  }

  /** Asks for a publishing round; rounds never overlap, and a kick during one runs another. */
  kick(): void {
    if (this.stopped || !this.js) return;
    if (this.running) {
      this.again = true;
      return;
    }
    // The relay's own queries are no one's request: with no trace of their own they would
    // start a new one every poll, so they are kept out of tracing (their pool metrics stay).
    this.running = context
      .with(suppressTracing(context.active()), () => this.drain())
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Publishes until the outbox is empty. Exposed for tests and shutdown. */
  async drain(): Promise<void> {
    try {
      while (!this.stopped && (await this.publishBatch()) === batchSize);
    } catch (error) {
      // A stream kept whole refuses events once full (see the contracts' StreamRetention): say which limit to raise.
      if (/maximum (bytes|messages) exceeded/i.test(String(error))) {
        this.failures.error(
          'outbox-full',
          { err: error },
          'an event stream is full and refuses new events; raise its STREAM_<name>_MAX_BYTES (the events wait in the outbox)',
        );
      } else this.failures.warn('outbox', { err: error }, 'outbox publishing failed; will retry');
    }
  }

  private publishBatch(): Promise<number> {
    const table = `"${this.options.schema}".outbox`;
    return this.dataSource.transaction(async (manager) => {
      const rows: OutboxRow[] = await manager.query(`SELECT seq, id, subject, payload, headers FROM ${table} ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`, [
        batchSize,
      ]);
      if (rows.length === 0) return 0;
      const acks = await Promise.all(rows.map((row) => this.publish(row)));
      await manager.query(`DELETE FROM ${table} WHERE seq = ANY($1::bigint[])`, [rows.map((row) => row.seq)]);
      this.published.add(rows.length);
      // Relays of several replicas publish side by side: the position only ever moves forward.
      const positions = new Map<string, number>();
      for (const ack of acks) positions.set(ack.stream, Math.max(ack.seq, positions.get(ack.stream) ?? 0));
      await manager.query(
        `INSERT INTO "${this.options.schema}".stream_position AS p (stream, published_seq) SELECT * FROM unnest($1::text[], $2::bigint[])
         ON CONFLICT (stream) DO UPDATE SET published_seq = GREATEST(p.published_seq, EXCLUDED.published_seq)`,
        [[...positions.keys()], [...positions.values()]],
      );
      return rows.length;
    });
  }

  /**
   * The backlog and the age of its oldest event, read at scrape time (one indexed query on a
   * table the relay keeps near empty). Nothing is reported when the database does not answer
   * in time: a missing series, not a made-up zero.
   */
  private async observe(result: Parameters<BatchObservableCallback>[0]): Promise<void> {
    if (!this.observed) return;
    const query = context.with(suppressTracing(context.active()), () =>
      this.dataSource.query(
        `SELECT count(*)::int AS backlog, COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 AS lag FROM "${this.options.schema}".outbox`,
      ),
    );
    const timeout = new Promise<undefined>((resolve) => setTimeout(resolve, observeTimeoutMs, undefined).unref());
    const rows = (await Promise.race([query, timeout]).catch(() => undefined)) as { backlog: number; lag: number }[] | undefined;
    if (!rows?.[0]) return;
    result.observe(this.observed.backlog, rows[0].backlog);
    result.observe(this.observed.lag, Math.max(0, rows[0].lag));
  }

  private publish(row: OutboxRow) {
    const headers = natsHeaders();
    for (const [key, value] of Object.entries(row.headers)) headers.set(key, value);
    return this.js!.publish(prefixed(this.messaging.subjectPrefix, row.subject), encodeJson(row.payload), {
      msgID: row.id,
      headers,
    });
  }
}
