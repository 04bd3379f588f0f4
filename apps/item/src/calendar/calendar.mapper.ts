import type { CalendarDay } from '@igs/contracts';
import type { CalendarDayRow } from './calendar-day.entity.js';

export function mapCalendarDay(row: CalendarDayRow): CalendarDay {
  return { date: row.date, kind: row.kind, name: row.name, changedAt: row.changedAt.toISOString() };
}
