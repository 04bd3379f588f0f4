import { z } from 'zod';
import { keptText } from '../common/kept-text.js';
import { shownText } from '../common/text.js';

/**
 * The region's working-day calendar: the days that differ from the Monday-to-Friday rule.
 * A `holiday` is a day off (a public holiday; on a weekend it only names the day), a
 * `workday` is a weekend day worked in place of a holiday (调休上班).
 */
export const CalendarDayKind = z.enum(['holiday', 'workday']);
export type CalendarDayKind = z.infer<typeof CalendarDayKind>;

/** A local date of the region (YYYY-MM-DD), a real day of the calendar. */
export const LocalDate = z.iso.date().meta({ example: '2026-02-14' });

/** The years a calendar may hold: wide enough for any deadline, narrow enough to refuse a typo. */
export const calendarYears = { min: 2000, max: 2099 } as const;
const inCalendarYears = (year: number) => year >= calendarYears.min && year <= calendarYears.max;

export const SetCalendarDay = z
  .strictObject({
    date: LocalDate.refine((date) => inCalendarYears(Number(date.slice(0, 4))), `must be in the years ${calendarYears.min} to ${calendarYears.max}`),
    kind: CalendarDayKind,
    name: keptText(1, 40).describe('what the day is: 春节, 国庆节, 春节调休上班'),
  })
  .meta({ id: 'SetCalendarDay' });
export type SetCalendarDay = z.infer<typeof SetCalendarDay>;

export const SetCalendarDaysBody = z
  .strictObject({ days: z.array(SetCalendarDay).min(1).max(400) })
  .refine((body) => new Set(body.days.map((day) => day.date)).size === body.days.length, { path: ['days'], message: 'must not list a date twice' })
  .meta({ id: 'SetCalendarDays' });
export type SetCalendarDaysBody = z.infer<typeof SetCalendarDaysBody>;

export const CalendarDay = z.object({ date: LocalDate, kind: CalendarDayKind, name: shownText(), changedAt: z.iso.datetime() }).meta({ id: 'CalendarDay' });
export type CalendarDay = z.infer<typeof CalendarDay>;

/** Which days to list: one year, or the dates from `from` to `to` (at most about a year). */
export const CalendarQuery = z
  .strictObject({
    year: z.coerce.number().int().min(calendarYears.min).max(calendarYears.max).optional(),
    from: LocalDate.optional(),
    to: LocalDate.optional(),
  })
  .refine((q) => (q.year === undefined) !== (q.from === undefined && q.to === undefined), { path: ['year'], message: 'give either year, or from and to' })
  .refine((q) => (q.from === undefined) === (q.to === undefined), { path: ['to'], message: 'from and to go together' })
  .refine((q) => q.from === undefined || q.to === undefined || (q.from <= q.to && Date.parse(q.to) - Date.parse(q.from) <= 400 * 86_400_000), {
    path: ['to'],
    message: 'must be on or after from, and at most 400 days after it',
  })
  .meta({ id: 'CalendarQuery' });
export type CalendarQuery = z.infer<typeof CalendarQuery>;

export const CalendarDays = z.object({ from: LocalDate, to: LocalDate, days: z.array(CalendarDay) }).meta({ id: 'CalendarDays' });
export type CalendarDays = z.infer<typeof CalendarDays>;

export const RemovedCalendarDay = z.object({ date: LocalDate, removedAt: z.iso.datetime() }).meta({ id: 'RemovedCalendarDay' });

/** The whole calendar and how far the item stream had been published when it was read, for a copy to follow on from. */
export const CalendarSnapshot = z.object({ days: z.array(CalendarDay), streamSequence: z.int().min(0) });
export type CalendarSnapshot = z.infer<typeof CalendarSnapshot>;

/** A change of the calendar: the days set (as now stored) and the dates removed, all at `changedAt`. */
export const CalendarChanged = z.object({ changedAt: z.iso.datetime(), set: z.array(CalendarDay), removed: z.array(LocalDate) });
export type CalendarChanged = z.infer<typeof CalendarChanged>;
