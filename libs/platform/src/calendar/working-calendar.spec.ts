import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { CalendarDayKind } from '@igs/contracts';
import { LocalCalendar } from './local-calendar.js';
import { WorkingCalendar } from './working-calendar.js';

const range = (from: string, to: string) => {
  const dates: string[] = [];
  for (let day = from; day <= to; day = LocalCalendar.addDays(day, 1)) dates.push(day);
  return dates;
};
const holidays = (from: string, to: string) => range(from, to).map((date) => ({ date, kind: 'holiday' as const }));
const workday = (date: string) => ({ date, kind: 'workday' as const });

/** 2025 and 2026 as the General Office of the State Council's notices of their holiday arrangements published them. */
const stateCouncil = new WorkingCalendar([
  ...holidays('2025-01-01', '2025-01-01'),
  ...holidays('2025-01-28', '2025-02-04'),
  workday('2025-01-26'),
  workday('2025-02-08'),
  ...holidays('2025-10-01', '2025-10-08'),
  workday('2025-09-28'),
  workday('2025-10-11'),
  ...holidays('2026-01-01', '2026-01-03'),
  workday('2026-01-04'),
  ...holidays('2026-02-15', '2026-02-23'),
  workday('2026-02-14'),
  workday('2026-02-28'),
  ...holidays('2026-10-01', '2026-10-07'),
  workday('2026-09-20'),
  workday('2026-10-10'),
]);

/** Dates from 1999 to 2101, for the laws. */
const dates = fc.integer({ min: 10_592, max: 48_000 }).map((day) => new Date(day * 86_400_000).toISOString().slice(0, 10));
const exceptions = fc.array(fc.record({ date: dates, kind: fc.constantFrom<CalendarDayKind>('holiday', 'workday') }), { maxLength: 40 });
const naiveCount = (calendar: WorkingCalendar, start: string, end: string) => {
  let count = 0;
  for (let day = LocalCalendar.addDays(start, 1); day <= end; day = LocalCalendar.addDays(day, 1)) if (calendar.isWorkingDay(day)) count += 1;
  return count;
};

describe(WorkingCalendar.name, () => {
  it('works Monday to Friday when no day is stored', () => {
    const plain = WorkingCalendar.mondayToFriday;
    assert.deepEqual(
      range('2026-11-23', '2026-11-29').map((day) => plain.isWorkingDay(day)),
      [true, true, true, true, true, false, false],
    );
    assert.equal(plain.workingDaysBetween('2026-11-20', '2026-11-22'), 0, 'Friday to Sunday');
    assert.equal(plain.workingDaysBetween('2026-11-20', '2026-11-27'), 5);
    assert.equal(plain.addWorkingDays('2026-11-20', 1), '2026-11-23');
    assert.equal(plain.addWorkingDays('2026-11-23', -1), '2026-11-20');
  });

  it('counts the Spring Festival week of 2025 with its adjusted working Sunday and Saturday', () => {
    assert.equal(stateCouncil.isWorkingDay('2025-01-26'), true, 'Sunday 26 January 2025 is worked');
    assert.equal(stateCouncil.isWorkingDay('2025-01-28'), false, "New Year's Eve (a Tuesday) is off");
    assert.equal(stateCouncil.isWorkingDay('2025-02-08'), true, 'Saturday 8 February is worked');
    // Friday 24 Jan: Sun 26 and Mon 27 are worked, 28 Jan to 4 Feb are off, 5-7 Feb and Sat 8 Feb are worked.
    assert.equal(stateCouncil.workingDaysBetween('2025-01-24', '2025-02-08'), 6);
    assert.equal(stateCouncil.addWorkingDays('2025-01-24', 1), '2025-01-26');
    assert.equal(stateCouncil.addWorkingDays('2025-01-27', 1), '2025-02-05', 'the day after the last working day before the festival');
    assert.equal(stateCouncil.addWorkingDays('2025-01-24', 10), '2025-02-13', 'Monday to Friday alone would say 7 February');
  });

  it('counts the National Day week of 2025, eight days long, and of 2026', () => {
    assert.equal(stateCouncil.isWorkingDay('2025-09-28'), true, 'Sunday 28 September 2025 is worked');
    assert.equal(stateCouncil.isWorkingDay('2025-10-08'), false);
    assert.equal(stateCouncil.isWorkingDay('2025-10-11'), true, 'Saturday 11 October is worked');
    assert.equal(stateCouncil.workingDaysBetween('2025-09-26', '2025-10-12'), 6, 'Sun 28, Mon 29, Tue 30 September, Thu 9, Fri 10 and Sat 11 October');
    assert.equal(stateCouncil.addWorkingDays('2025-09-30', 1), '2025-10-09');
    assert.equal(stateCouncil.isWorkingDay('2026-09-20'), true, 'Sunday 20 September 2026 is worked');
    assert.equal(stateCouncil.workingDaysBetween('2026-09-30', '2026-10-10'), 3, 'Thu 8, Fri 9 and Sat 10 October 2026');
  });

  it('counts across the turn of the year', () => {
    // Wed 31 Dec 2025; 1-3 Jan 2026 off; Sun 4 Jan worked; Mon 5 Jan.
    assert.equal(stateCouncil.workingDaysBetween('2025-12-31', '2026-01-05'), 2);
    assert.equal(stateCouncil.addWorkingDays('2025-12-31', 1), '2026-01-04');
    assert.equal(stateCouncil.addWorkingDays('2026-01-04', -1), '2025-12-31');
    assert.equal(WorkingCalendar.mondayToFriday.workingDaysBetween('2025-12-31', '2026-01-05'), 3);
  });

  it('names a holiday on a weekend without changing the count', () => {
    const named = new WorkingCalendar([{ date: '2026-02-15', kind: 'holiday' }]);
    assert.equal(named.workingDaysBetween('2026-02-13', '2026-02-16'), 1);
  });

  it('refuses a fraction of a working day', () => {
    assert.throws(() => stateCouncil.addWorkingDays('2026-01-05', 1.5), RangeError);
  });

  it('counts as a day-by-day walk would', () => {
    fc.assert(
      fc.property(exceptions, dates, fc.integer({ min: -30, max: 800 }), (days, start, length) => {
        const calendar = new WorkingCalendar(days);
        const end = LocalCalendar.addDays(start, length);
        assert.equal(calendar.workingDaysBetween(start, end), naiveCount(calendar, start, end));
      }),
    );
  });

  it('n working days after a day are n working days after it, and end on a working day', () => {
    fc.assert(
      fc.property(exceptions, dates, fc.integer({ min: 0, max: 300 }), (days, start, n) => {
        const calendar = new WorkingCalendar(days);
        const due = calendar.addWorkingDays(start, n);
        assert.equal(calendar.workingDaysBetween(start, due), n);
        if (n > 0) assert.equal(calendar.isWorkingDay(due), true);
        if (n > 0) assert.equal(calendar.addWorkingDays(due, -n) <= start, true, 'going back lands on or before the start');
      }),
    );
  });

  it('adds working days in steps as in one go, and counts a span as the sum of its parts', () => {
    fc.assert(
      fc.property(
        exceptions,
        dates,
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 200 }),
        (days, start, m, n, split) => {
          const calendar = new WorkingCalendar(days);
          assert.equal(calendar.addWorkingDays(calendar.addWorkingDays(start, m), n), calendar.addWorkingDays(start, m + n));
          const middle = LocalCalendar.addDays(start, split);
          const end = LocalCalendar.addDays(middle, n);
          assert.equal(calendar.workingDaysBetween(start, middle) + calendar.workingDaysBetween(middle, end), calendar.workingDaysBetween(start, end));
        },
      ),
    );
  });

  it('has five working days in every week the calendar leaves alone', () => {
    fc.assert(fc.property(dates, (start) => assert.equal(WorkingCalendar.mondayToFriday.workingDaysBetween(start, LocalCalendar.addDays(start, 7)), 5)));
  });
});
