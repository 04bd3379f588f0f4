import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  calendarEvents,
  scopes,
  streamName,
  systemCaller,
  type Caller,
  type CalendarDays,
  type CalendarQuery,
  type CalendarSnapshot,
  type SetCalendarDay,
  type SetCalendarDaysBody,
} from '@igs/contracts';
import {
  AppError,
  EVENTS_OPTIONS,
  MESSAGING_OPTIONS,
  readStreamPosition,
  requireScope,
  UnitOfWork,
  WorkingCalendar,
  type EventsOptions,
  type MessagingOptions,
} from '@igs/platform';
import type { DataSource } from 'typeorm';
import { mapCalendarDay } from './calendar.mapper.js';
import { CalendarRepository } from './calendar.repository.js';
import { checkCalendarDays } from './calendar.rules.js';

/**
 * The region's working-day calendar, kept by the platform administrator: holidays and the
 * weekend days worked in their place. Every change is announced by `evt.item.calendar.changed`
 * in the transaction that makes it, so copies elsewhere (the exchange's) follow within moments.
 */
@Injectable()
export class CalendarService {
  constructor(
    private readonly days: CalendarRepository,
    private readonly uow: UnitOfWork,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(MESSAGING_OPTIONS) private readonly messaging: MessagingOptions,
    @Inject(EVENTS_OPTIONS) private readonly events: EventsOptions,
  ) {}

  /** Anyone who may reach the service may read the calendar: every deadline is counted on it. */
  async list(query: CalendarQuery): Promise<CalendarDays> {
    const [from, to] = query.from !== undefined && query.to !== undefined ? [query.from, query.to] : [`${query.year}-01-01`, `${query.year}-12-31`];
    return { from, to, days: (await this.days.between(from, to)).map(mapCalendarDay) };
  }

  async set(body: SetCalendarDaysBody, caller: Caller): Promise<CalendarDays> {
    requireScope(caller, scopes.calendarWrite);
    checkCalendarDays(body.days);
    return this.uow.run(async (tx) => {
      const changedAt = new Date();
      const set = (await this.days.upsert(tx.manager, body.days, caller.subject, changedAt)).map(mapCalendarDay).sort((a, b) => a.date.localeCompare(b.date));
      await tx.publish(calendarEvents.changed, { changedAt: changedAt.toISOString(), set, removed: [] }, caller);
      return { from: set[0].date, to: set[set.length - 1].date, days: set };
    });
  }

  /** The day follows the Monday-to-Friday rule again. */
  async remove(date: string, caller: Caller): Promise<{ date: string; removedAt: string }> {
    requireScope(caller, scopes.calendarWrite);
    return this.uow.run(async (tx) => {
      if (!(await this.days.remove(tx.manager, date)))
        throw new AppError('ITEM.CALENDAR_DAY_NOT_FOUND', `the calendar holds nothing for ${date}: the day follows the Monday-to-Friday rule`);
      const removedAt = new Date().toISOString();
      await tx.publish(calendarEvents.changed, { changedAt: removedAt, set: [], removed: [date] }, caller);
      return { date, removedAt };
    });
  }

  /** The whole calendar and the item stream's published position, read together, for a copy to follow on from. */
  async snapshot(): Promise<CalendarSnapshot> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => ({
      streamSequence: await readStreamPosition(manager, this.events.schema, streamName(this.messaging.subjectPrefix, this.events.stream)),
      days: (await this.days.all(manager)).map(mapCalendarDay),
    }));
  }

  /**
   * Inserts the published days of the years never seeded before, leaving alone any date
   * that holds something already: a year is seeded once, so the administrator's changes
   * and removals stay. Returns how many days were inserted.
   */
  async seed(years: readonly number[], days: readonly SetCalendarDay[]): Promise<number> {
    const seeder = systemCaller('item');
    return this.uow.run(async (tx) => {
      const claimed = new Set(await this.days.claimYears(tx.manager, years));
      const ofClaimed = days.filter((day) => claimed.has(Number(day.date.slice(0, 4))));
      if (ofClaimed.length === 0) return 0;
      const changedAt = new Date();
      const set = (await this.days.insertMissing(tx.manager, ofClaimed, seeder.subject, changedAt)).map(mapCalendarDay);
      if (set.length > 0) await tx.publish(calendarEvents.changed, { changedAt: changedAt.toISOString(), set, removed: [] }, seeder);
      return set.length;
    });
  }

  /** The calendar as it stands, for counting working days here (a case's time limit). */
  async workingCalendar(): Promise<WorkingCalendar> {
    return new WorkingCalendar(await this.days.all());
  }

  /** The day a time limit of `workingDays` working days, counted from `date`, falls due on. */
  async dueDate(date: string, workingDays: number): Promise<string> {
    return (await this.workingCalendar()).addWorkingDays(date, workingDays);
  }
}
