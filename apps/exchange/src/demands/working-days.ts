import type { LocalCalendar, WorkingCalendar } from '@igs/platform';

/**
 * Whole working days from `start` to `now`, on the region's local days and its working-day
 * calendar (Monday to Friday, less the public holidays, plus the weekend days worked in their
 * place): a demand made on a Friday before a holiday week is not overdue after it.
 */
export function workingDaysSince(start: Date, local: LocalCalendar, working: WorkingCalendar, now: Date = new Date()): number {
  return working.workingDaysBetween(local.dateOf(start), local.dateOf(now));
}
