import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { calendarEvents, calendarRequests, eventSubjects, systemCaller } from '@igs/contracts';
import {
  AppError,
  followEvents,
  HealthRegistry,
  LOGGER,
  MESSAGING_OPTIONS,
  MessageBus,
  NATS_CONNECTION,
  onEvent,
  RateLimitedLog,
  type WorkingCalendar,
  type AppLogger,
  type MessagingOptions,
  type NatsLink,
  type StreamFollower,
} from '@igs/platform';
import { CalendarState } from './calendar-state.js';

const retryMs = 500;

/**
 * The region's working-day calendar, copied from the item service that keeps it: demands
 * fall due in working days, counted in memory. At start-up the whole calendar is asked for
 * (a few hundred days), with how far item's stream had been published when it was read, and
 * `evt.item.calendar.changed` is followed from just after that point: a start costs one
 * request however long the history, and a change counts within moments on every replica,
 * without a restart. Asked again until the item service answers; ready once caught up.
 */
@Injectable()
export class CalendarCopy implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly state = new CalendarState();
  private calendar?: WorkingCalendar;
  private follower?: StreamFollower;
  private stopped = false;
  private readonly log: RateLimitedLog;

  constructor(
    private readonly bus: MessageBus,
    @Inject(NATS_CONNECTION) private readonly link: NatsLink,
    @Inject(MESSAGING_OPTIONS) private readonly messaging: MessagingOptions,
    @Inject(LOGGER) private readonly logger: AppLogger,
    health: HealthRegistry,
  ) {
    this.log = new RateLimitedLog(logger, 30_000);
    health.register('working-calendar', () => this.isReady());
  }

  onApplicationBootstrap(): void {
    // Not awaited: the item service may start after the exchange; readiness waits instead.
    void this.load();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.follower?.stop();
  }

  isReady(): boolean {
    return this.calendar !== undefined && (this.follower?.isCaughtUp() ?? false);
  }

  /** The calendar as now known; refused (503) until the copy is loaded, rather than counted on Monday to Friday alone. */
  current(): WorkingCalendar {
    if (!this.calendar) throw new AppError('EXCHANGE.CALENDAR_NOT_READY', 'the working-day calendar has not been loaded from the item service yet');
    return this.calendar;
  }

  private async load(): Promise<void> {
    while (!this.stopped) {
      try {
        const snapshot = await this.bus.request(calendarRequests.snapshot, {}, systemCaller('exchange'));
        this.calendar = this.state.apply(snapshot.days);
        this.follower = followEvents(
          this.link.nc,
          this.messaging.subjectPrefix,
          'item',
          [onEvent(calendarEvents.changed, (change) => (this.calendar = this.state.apply(change.set, change.removed, change.changedAt)))],
          this.logger,
          { subject: eventSubjects.item.calendarChanged, from: { sequence: snapshot.streamSequence + 1 } },
        );
        if (this.stopped) await this.follower.stop();
        return;
      } catch (error) {
        this.log.warn('calendar', { err: error }, 'waiting for the item service to load the working-day calendar');
        await new Promise((resolve) => setTimeout(resolve, retryMs).unref());
      }
    }
  }
}
