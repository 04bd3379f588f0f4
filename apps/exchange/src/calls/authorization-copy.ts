import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { eventSubjectGroups, exchangeEvents, streamName, type DockingEntry, type NegativeEntry } from '@igs/contracts';
import {
  allFollowers,
  EVENTS_OPTIONS,
  followEvents,
  HealthRegistry,
  LOGGER,
  MESSAGING_OPTIONS,
  NATS_CONNECTION,
  onEvent,
  readStreamPosition,
  type AppLogger,
  type EventHandler,
  type EventsOptions,
  type FollowOptions,
  type MessagingOptions,
  type NatsLink,
  type StreamFollower,
} from '@igs/platform';
import type { DataSource } from 'typeorm';
import { ListsRepository } from '../lists/lists.repository.js';

/**
 * The docking and negative lists in memory: a call is authorised without a database round
 * trip, and an approval, suspension, revocation or negative entry counts within moments on
 * every replica. At start-up the lists are read from the database, together with how far
 * the outbox has been published (one repeatable-read transaction), and their events are
 * followed from just after that point: a start costs two queries however long the history,
 * and the stream need not keep events for ever. Catalog changes are followed from now on,
 * since they only evict what calls have cached since. A replica is ready once it has
 * caught up.
 */
@Injectable()
export class AuthorizationCopy implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly docking = new Map<string, Map<string, DockingEntry>>();
  private readonly negative = new Map<string, Set<string | null>>();
  private readonly catalogListeners: ((code: string) => void)[] = [];
  private follower?: StreamFollower;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lists: ListsRepository,
    @Inject(NATS_CONNECTION) private readonly link: NatsLink,
    @Inject(MESSAGING_OPTIONS) private readonly messaging: MessagingOptions,
    @Inject(EVENTS_OPTIONS) private readonly events: EventsOptions,
    @Inject(LOGGER) private readonly logger: AppLogger,
    health: HealthRegistry,
  ) {
    health.register('authorization-copy', () => this.isReady());
  }

  async onApplicationBootstrap(): Promise<void> {
    const prefix = this.messaging.subjectPrefix;
    const { position, docking, negative } = await this.dataSource.transaction('REPEATABLE READ', async (manager) => ({
      position: await readStreamPosition(manager, this.events.schema, streamName(prefix, this.events.stream)),
      ...(await this.lists.authorizationLists(manager)),
    }));
    for (const entry of docking) this.applyDocking(entry);
    for (const entry of negative) this.applyNegative(entry);

    const after = { sequence: position + 1 };
    const follow = (subject: string, from: FollowOptions['from'], handlers: EventHandler[]) =>
      followEvents(this.link.nc, prefix, this.events.stream, handlers, this.logger, { subject, from });
    const applyDocking = (entry: DockingEntry) => this.applyDocking(entry);
    const evict = ({ code }: { code: string }) => {
      for (const listener of this.catalogListeners) listener(code);
    };
    this.follower = allFollowers([
      // Events the snapshot already holds may come again: applying them again changes nothing.
      follow(eventSubjectGroups.exchange.docking, after, [
        onEvent(exchangeEvents.dockingApproved, applyDocking),
        onEvent(exchangeEvents.dockingSuspended, applyDocking),
        onEvent(exchangeEvents.dockingResumed, applyDocking),
        onEvent(exchangeEvents.dockingRevoked, applyDocking),
      ]),
      follow(eventSubjectGroups.exchange.negative, after, [onEvent(exchangeEvents.negativeAdded, (entry) => this.applyNegative(entry))]),
      follow(eventSubjectGroups.exchange.catalog, 'now', [
        onEvent(exchangeEvents.catalogPublished, evict),
        onEvent(exchangeEvents.catalogRetired, evict),
        onEvent(exchangeEvents.catalogNonCompliant, evict),
      ]),
    ]);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.follower?.stop();
  }

  isReady(): boolean {
    return this.follower?.isCaughtUp() ?? false;
  }

  private applyDocking(entry: DockingEntry): void {
    const byId = this.docking.get(entry.catalogCode) ?? new Map<string, DockingEntry>();
    // Relays of several replicas may interleave events, and the snapshot may be newer than an
    // event heard after it: the entry's own time says which is newer.
    const known = byId.get(entry.id);
    if (!known || known.updatedAt <= entry.updatedAt) byId.set(entry.id, entry);
    this.docking.set(entry.catalogCode, byId);
  }

  private applyNegative(entry: NegativeEntry): void {
    this.negative.set(entry.catalogCode, (this.negative.get(entry.catalogCode) ?? new Set()).add(entry.field));
  }

  dockingEntries(catalogCode: string): DockingEntry[] {
    return [...(this.docking.get(catalogCode)?.values() ?? [])];
  }

  /** The fields of the request on the negative list; null stands for the whole catalog. */
  negativeHits(catalogCode: string, fields: string[]): (string | null)[] {
    const entries = this.negative.get(catalogCode);
    if (!entries) return [];
    return [...entries].filter((field) => field === null || fields.includes(field));
  }

  onCatalogChanged(listener: (code: string) => void): void {
    this.catalogListeners.push(listener);
  }
}
