import type { FieldError, SetCalendarDay } from '@igs/contracts';
import { AppError, LocalCalendar } from '@igs/platform';

/**
 * Only days that differ from Monday to Friday are stored. A holiday may fall on any day (on a
 * weekend it changes no count, but names the day for display); a working day on a weekday is
 * one already, so storing it would mean nothing and is refused.
 */
export function checkCalendarDays(days: readonly SetCalendarDay[]): void {
  const errors: FieldError[] = [];
  days.forEach((day, index) => {
    const weekday = LocalCalendar.weekdayOf(day.date);
    if (day.kind === 'workday' && weekday !== 0 && weekday !== 6) {
      errors.push({
        in: 'body',
        field: `days[${index}].kind`,
        message: `${day.date} is a weekday, a working day already: only a Saturday or Sunday can be made a working day`,
      });
    }
  });
  if (errors.length > 0) throw AppError.validation(errors);
}
