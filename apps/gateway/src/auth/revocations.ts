import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { eventSubjects } from '@igs/contracts';
import { followStream, HealthRegistry, LOGGER, MESSAGING_OPTIONS, NATS_CONNECTION, type AppLogger, type MessagingOptions, type NatsLink, type StreamFollower } from '@igs/platform';

/** Revoked grants are remembered longer than any access token lives. */
const grantMemoryMs = 60 * 60_000;

/**
 * Which department apps are disabled and which grants are revoked, kept current from the
 * identity service's event stream (replayed at start-up, then followed live), so a
 * disabled app or a revoked grant is refused within a moment of the event, with no call
 * to the identity service per request.
 */
@Injectable()
export class Revocations implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly disabledApps = new Set<string>();
  private readonly revokedGrants = new Map<string, number>();
  private follower?: StreamFollower;

  constructor(
    @Inject(NATS_CONNECTION) private readonly link: NatsLink,
    @Inject(MESSAGING_OPTIONS) private readonly messaging: MessagingOptions,
    @Inject(LOGGER) private readonly logger: AppLogger,
    health: HealthRegistry,
  ) {
    health.register('identity-events', () => this.follower?.isCaughtUp() ?? false);
  }

  onApplicationBootstrap(): void {
    this.follower = followStream(
      this.link.nc,
      this.messaging.subjectPrefix,
      'identity',
      (eventSubject, envelope) => {
        const data = envelope.data as { clientId?: string; grantId?: string };
        if (eventSubject === eventSubjects.identity.appDisabled && data.clientId) this.disabledApps.add(data.clientId);
        if (eventSubject === eventSubjects.identity.appEnabled && data.clientId) this.disabledApps.delete(data.clientId);
        if (eventSubject === eventSubjects.identity.grantRevoked && data.grantId) {
          const age = Date.now() - Date.parse(envelope.occurredAt);
          if (age < grantMemoryMs) this.revokedGrants.set(data.grantId, Date.parse(envelope.occurredAt));
        }
      },
      this.logger,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.follower?.stop();
  }

  isAppDisabled(clientId: string | undefined): boolean {
    return clientId !== undefined && this.disabledApps.has(clientId);
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
