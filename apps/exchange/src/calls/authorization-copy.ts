import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { eventSubjectGroups, eventSubjects, type DockingEntry, type EventEnvelope, type NegativeEntry } from '@igs/contracts';
import { followStream, HealthRegistry, LOGGER, MESSAGING_OPTIONS, NATS_CONNECTION, type AppLogger, type MessagingOptions, type NatsLink, type StreamFollower } from '@igs/platform';

/**
 * The docking and negative lists in memory, built by replaying their events from this
 * service's stream and then following them: a call is authorised without a database round
 * trip, and an approval, suspension, revocation or negative entry counts within moments on
 * every replica. A replica is ready only once it has caught up. Only the docking and
 * negative events are replayed at start-up, not the whole stream (catalogs, demands,
 * responsibilities), which grows with every catalog the region publishes; catalog changes
 * are followed from now on, since they only evict what calls have cached since.
 */
@Injectable()
export class AuthorizationCopy implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly docking = new Map<string, Map<string, DockingEntry>>();
  private readonly negative = new Map<string, Set<string | null>>();
  private readonly catalogListeners: ((code: string) => void)[] = [];
  private followers: StreamFollower[] = [];

  constructor(
    @Inject(NATS_CONNECTION) private readonly link: NatsLink,
    @Inject(MESSAGING_OPTIONS) private readonly messaging: MessagingOptions,
    @Inject(LOGGER) private readonly logger: AppLogger,
    health: HealthRegistry,
  ) {
    health.register('authorization-copy', () => this.isReady());
  }

  onApplicationBootstrap(): void {
    const dockingSubjects = new Set<string>([eventSubjects.exchange.dockingApproved, eventSubjects.exchange.dockingSuspended, eventSubjects.exchange.dockingResumed, eventSubjects.exchange.dockingRevoked]);
    const catalogSubjects = new Set<string>([eventSubjects.exchange.catalogPublished, eventSubjects.exchange.catalogRetired, eventSubjects.exchange.catalogNonCompliant]);
    const follow = (subject: string, from: 'start' | 'now', onEvent: (eventSubject: string, envelope: EventEnvelope) => void) =>
      followStream(this.link.nc, this.messaging.subjectPrefix, 'exchange', onEvent, this.logger, { subject, from });
    this.followers = [
      follow(eventSubjectGroups.exchange.docking, 'start', (eventSubject, envelope) => {
        if (!dockingSubjects.has(eventSubject)) return;
        const entry = envelope.data as DockingEntry;
        const byId = this.docking.get(entry.catalogCode) ?? new Map<string, DockingEntry>();
        // Relays of several replicas may interleave events; the entry's own time says which is newer.
        const known = byId.get(entry.id);
        if (!known || known.updatedAt <= entry.updatedAt) byId.set(entry.id, entry);
        this.docking.set(entry.catalogCode, byId);
      }),
      follow(eventSubjectGroups.exchange.negative, 'start', (eventSubject, envelope) => {
        if (eventSubject !== eventSubjects.exchange.negativeAdded) return;
        const entry = envelope.data as NegativeEntry;
        this.negative.set(entry.catalogCode, (this.negative.get(entry.catalogCode) ?? new Set()).add(entry.field));
      }),
      follow(eventSubjectGroups.exchange.catalog, 'now', (eventSubject, envelope) => {
        if (!catalogSubjects.has(eventSubject)) return;
        const code = (envelope.data as { code: string }).code;
        for (const listener of this.catalogListeners) listener(code);
      }),
    ];
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.followers.map((follower) => follower.stop()));
  }

  isReady(): boolean {
    return this.followers.length > 0 && this.followers.every((follower) => follower.isCaughtUp());
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
