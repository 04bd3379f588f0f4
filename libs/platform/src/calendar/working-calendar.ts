import type { CalendarDayKind } from '@igs/contracts';

const dayMs = 86_400_000;

/** Days since 1970-01-01 of a local date (YYYY-MM-DD). */
function dayNumber(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / dayMs);
}

function dateOfDay(day: number): string {
  return new Date(day * dayMs).toISOString().slice(0, 10);
}

/** 1970-01-01 was a Thursday: day 0 is weekday 4 (0 for Sunday). */
function isWeekend(day: number): boolean {
  const weekday = (((day + 4) % 7) + 7) % 7;
  return weekday === 0 || weekday === 6;
}

/** Monday-to-Friday days before day `day` since day 0 (negative before it): whole weeks, then the rest. */
function weekdaysBefore(day: number): number {
  const weeks = Math.floor(day / 7);
  let count = weeks * 5;
  for (let d = weeks * 7; d < day; d += 1) if (!isWeekend(d)) count += 1;
  return count;
}

/**
 * Which local dates are working days in the region: Monday to Friday, except the days the
 * State Council's calendar (kept by the item service) makes holidays, plus the weekend days
 * it makes working days (调休). Pure and immutable: a copy that learns of a change builds a
 * new one. Every working-day count of the platform (demands, cases, reviews) goes through it.
 */
export class WorkingCalendar {
  private readonly exceptions: ReadonlyMap<number, CalendarDayKind>;

  constructor(days: Iterable<{ date: string; kind: CalendarDayKind }> = []) {
    const exceptions = new Map<number, CalendarDayKind>();
    for (const { date, kind } of days) exceptions.set(dayNumber(date), kind);
    this.exceptions = exceptions;
  }

  /** The plain Monday-to-Friday calendar, with no holidays. */
  static readonly mondayToFriday = new WorkingCalendar();

  isWorkingDay(date: string): boolean {
    return this.isWorking(dayNumber(date));
  }

  /**
   * Working days after `start` up to and including `end` (0 when `end` is not after it): a
   * demand made on `start` is `workingDaysBetween(start, today)` working days old.
   */
  workingDaysBetween(start: string, end: string): number {
    const from = dayNumber(start);
    const to = dayNumber(end);
    if (to <= from) return 0;
    let count = weekdaysBefore(to + 1) - weekdaysBefore(from + 1);
    // A holiday on a weekday takes one away, a worked weekend day adds one; a named weekend holiday changes nothing.
    for (const [day, kind] of this.exceptions) {
      if (day <= from || day > to) continue;
      if (kind === 'holiday' && !isWeekend(day)) count -= 1;
      if (kind === 'workday' && isWeekend(day)) count += 1;
    }
    return count;
  }

  /**
   * The `n`th working day after `date` (before it when `n` is negative; `date` itself when 0):
   * a time limit of n working days from a day falls due at the end of this day.
   */
  addWorkingDays(date: string, n: number): string {
    if (!Number.isInteger(n)) throw new RangeError(`${n} is not a whole number of working days`);
    const step = n < 0 ? -1 : 1;
    let day = dayNumber(date);
    for (let left = Math.abs(n); left > 0;) {
      day += step;
      if (this.isWorking(day)) left -= 1;
    }
    return dateOfDay(day);
  }

  private isWorking(day: number): boolean {
    const kind = this.exceptions.get(day);
    if (kind === 'holiday') return false;
    if (kind === 'workday') return true;
    return !isWeekend(day);
  }
}
