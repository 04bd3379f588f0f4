import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { eventSubjectGroups, identityEvents, longestTokenLifetimeMs } from '@igs/contracts';
import {
  allFollowers,
  followEvents,
  HealthRegistry,
  LOGGER,
  MESSAGING_OPTIONS,
  NATS_CONNECTION,
  onEvent,
  type AppLogger,
  type MessagingOptions,
  type NatsLink,
  type StreamFollower,
} from '@igs/platform';

/** Revoked grants are remembered as long as any access token lives. */
const grantMemoryMs = longestTokenLifetimeMs;

/**
 * Which department apps are disabled, which of their tokens are revoked, and which grants
 * are revoked, kept current from the identity service's event stream, so a disabled app, a
 * rotated secret or a revoked grant is refused within a moment of the event, with no call to
 * the identity service per request. An app's tokens carry the generation of its credentials;
 * rotating its secret or disabling it announces a new generation, and tokens of an earlier
 * one stay refused, also once the app is enabled again. At start-up the
 * app events are replayed from their stream's start (kept whole, see the contracts' streams),
 * but the grant events, on a stream of their own that drops them by age, only from the last
 * hour: a revoked grant matters no longer than its tokens live, and every sign-out of every
 * citizen revokes one.
 */
@Injectable()
export class Revocations implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly disabledApps = new Set<string>();
  /** Per app, the lowest credential generation whose tokens are still accepted. */
  private readonly tokenGenerations = new Map<string, number>();
  private readonly revokedGrants = new Map<string, number>();
  private follower?: StreamFollower;

  constructor(
    @Inject(NATS_CONNECTION) private readonly link: NatsLink,
    @Inject(MESSAGING_OPTIONS) private readonly messaging: MessagingOptions,
    @Inject(LOGGER) private readonly logger: AppLogger,
    health: HealthRegistry,
  ) {
    health.register('identity-events', () => this.isCurrent());
  }

  onApplicationBootstrap(): void {
    const { nc } = this.link;
    const prefix = this.messaging.subjectPrefix;
    const keepGeneration = ({ clientId, tokenGeneration }: { clientId: string; tokenGeneration?: number }) => {
      if (tokenGeneration !== undefined && tokenGeneration > (this.tokenGenerations.get(clientId) ?? 0)) this.tokenGenerations.set(clientId, tokenGeneration);
    };
    this.follower = allFollowers([
      followEvents(
        nc,
        prefix,
        'identity',
        [
          onEvent(identityEvents.appDisabled, (app) => {
            this.disabledApps.add(app.clientId);
            keepGeneration(app);
          }),
          onEvent(identityEvents.appEnabled, ({ clientId }) => this.disabledApps.delete(clientId)),
          onEvent(identityEvents.appSecretRotated, keepGeneration),
        ],
        this.logger,
        { subject: eventSubjectGroups.identity.app, from: 'start' },
      ),
      followEvents(
        nc,
        prefix,
        'identityGrants',
        [
          onEvent(identityEvents.grantRevoked, ({ grantId }, { occurredAt }) => {
            const age = Date.now() - Date.parse(occurredAt);
            if (age < grantMemoryMs) this.revokedGrants.set(grantId, Date.parse(occurredAt));
          }),
        ],
        this.logger,
        { subject: eventSubjectGroups.identity.grant, from: new Date(Date.now() - grantMemoryMs) },
      ),
    ]);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.follower?.stop();
  }

  /** Replayed, and known to be following the stream (not disconnected, not stalled). */
  isCurrent(): boolean {
    return this.follower?.isCaughtUp() ?? false;
  }

  isAppDisabled(clientId: string | undefined): boolean {
    return clientId !== undefined && this.disabledApps.has(clientId);
  }

  /** Whether an app token comes from credentials that were rotated or disabled since it was issued. */
  isAppTokenRevoked(clientId: string | undefined, tokenGeneration: number): boolean {
    return clientId !== undefined && tokenGeneration < (this.tokenGenerations.get(clientId) ?? 0);
  }

  isGrantRevoked(grantId: string | undefined): boolean {
    if (grantId === undefined) return false;
    const at = this.revokedGrants.get(grantId);
    if (at === undefined) return false;
    if (Date.now() - at > grantMemoryMs) {
      this.revokedGrants.delete(grantId);
      return false;
    }
    return true;
  }
}
