import type { CalendarDay, CalendarDayKind } from '@igs/contracts';
import { WorkingCalendar } from '@igs/platform';

/**
 * The days of the calendar as a copy learns them, from a snapshot and from change events in
 * any order. Each date keeps when it last changed, a removed date its removal time: the
 * snapshot may be newer than an event replayed after it, and the relays of several item
 * replicas may interleave their events, so an older change heard later changes nothing.
 */
export class CalendarState {
  private readonly days = new Map<string, { kind: CalendarDayKind | null; changedAt: string }>();

  /** Applies what was set and removed, and answers the working calendar that results. */
  apply(set: readonly CalendarDay[], removed: readonly string[] = [], removedAt = ''): WorkingCalendar {
    for (const day of set) this.record(day.date, day.kind, day.changedAt);
    for (const date of removed) this.record(date, null, removedAt);
    const days: { date: string; kind: CalendarDayKind }[] = [];
    for (const [date, { kind }] of this.days) if (kind) days.push({ date, kind });
    return new WorkingCalendar(days);
  }

  private record(date: string, kind: CalendarDayKind | null, changedAt: string): void {
    const known = this.days.get(date);
    if (!known || known.changedAt <= changedAt) this.days.set(date, { kind, changedAt });
  }
}
