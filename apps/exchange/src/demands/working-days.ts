import { LocalCalendar } from '@igs/platform';

/**
 * Whole working days (Monday to Friday of the region's calendar) from `start` to `now`.
 * Public holidays and the weekend days worked in their place are not modelled yet; the
 * region's calendar would be data like the classification guide.
 */
export function workingDaysSince(start: Date, calendar: LocalCalendar, now: Date = new Date()): number {
  let days = 0;
  const end = calendar.dateOf(now);
  for (let day = LocalCalendar.addDays(calendar.dateOf(start), 1); day <= end; day = LocalCalendar.addDays(day, 1)) {
    const weekday = LocalCalendar.weekdayOf(day);
    if (weekday !== 0 && weekday !== 6) days += 1;
  }
  return days;
}
