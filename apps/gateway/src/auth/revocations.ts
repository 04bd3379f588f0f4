import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { eventSubjectGroups, eventSubjects, longestTokenLifetimeMs, type EventEnvelope, type StreamKey } from '@igs/contracts';
import { allFollowers, followStream, HealthRegistry, LOGGER, MESSAGING_OPTIONS, NATS_CONNECTION, type AppLogger, type MessagingOptions, type NatsLink, type StreamFollower } from '@igs/platform';

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
    const follow = (stream: StreamKey, subject: string, from: 'start' | Date, onEvent: (eventSubject: string, envelope: EventEnvelope) => void) =>
      followStream(this.link.nc, this.messaging.subjectPrefix, stream, onEvent, this.logger, { subject, from });
    this.follower = allFollowers([
      follow('identity', eventSubjectGroups.identity.app, 'start', (eventSubject, envelope) => {
        const { clientId, tokenGeneration } = envelope.data as { clientId?: string; tokenGeneration?: number };
        if (!clientId) return;
        if (eventSubject === eventSubjects.identity.appDisabled) this.disabledApps.add(clientId);
        if (eventSubject === eventSubjects.identity.appEnabled) this.disabledApps.delete(clientId);
        if (typeof tokenGeneration === 'number' && tokenGeneration > (this.tokenGenerations.get(clientId) ?? 0)) {
          this.tokenGenerations.set(clientId, tokenGeneration);
        }
      }),
      follow('identityGrants', eventSubjectGroups.identity.grant, new Date(Date.now() - grantMemoryMs), (eventSubject, envelope) => {
        const { grantId } = envelope.data as { grantId?: string };
        if (eventSubject !== eventSubjects.identity.grantRevoked || !grantId) return;
        const age = Date.now() - Date.parse(envelope.occurredAt);
        if (age < grantMemoryMs) this.revokedGrants.set(grantId, Date.parse(envelope.occurredAt));
      }),
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
