import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LocalCalendar, WorkingCalendar } from '@igs/platform';
import { stateCouncilDays, stateCouncilYears } from './state-council-days.js';

const kindsOf = (from: string, to: string) => {
  const byDate = new Map(stateCouncilDays.map((day) => [day.date, day.kind]));
  const kinds: string[] = [];
  for (let day = from; day <= to; day = LocalCalendar.addDays(day, 1)) kinds.push(`${day} ${byDate.get(day) ?? '-'}`);
  return kinds;
};

describe('the seed of the State Council calendar', () => {
  it('holds each date once, only of its years, and working days only on weekends', () => {
    assert.equal(new Set(stateCouncilDays.map((day) => day.date)).size, stateCouncilDays.length);
    assert.deepEqual([...new Set(stateCouncilDays.map((day) => Number(day.date.slice(0, 4))))], [...stateCouncilYears]);
    for (const day of stateCouncilDays.filter((d) => d.kind === 'workday')) assert.ok([0, 6].includes(LocalCalendar.weekdayOf(day.date)), day.date);
  });

  it('matches the notices for the Spring Festival and National Day of 2024, 2025 and 2026', () => {
    const seeded = new WorkingCalendar(stateCouncilDays);
    const off = (from: string, to: string) => kindsOf(from, to).every((entry) => entry.endsWith('holiday'));
    const worked = (...dates: string[]) => dates.every((date) => seeded.isWorkingDay(date) && [0, 6].includes(LocalCalendar.weekdayOf(date)));
    // The General Office of the State Council's notice of each year's holiday arrangements (关于…部分节假日安排的通知).
    assert.ok(off('2024-02-10', '2024-02-17') && worked('2024-02-04', '2024-02-18'));
    assert.ok(off('2024-10-01', '2024-10-07') && worked('2024-09-29', '2024-10-12'));
    assert.ok(off('2025-01-28', '2025-02-04') && worked('2025-01-26', '2025-02-08'));
    assert.ok(off('2025-10-01', '2025-10-08') && worked('2025-09-28', '2025-10-11'));
    assert.ok(off('2026-02-15', '2026-02-23') && worked('2026-02-14', '2026-02-28'));
    assert.ok(off('2026-10-01', '2026-10-07') && worked('2026-09-20', '2026-10-10'));
    assert.equal(seeded.isWorkingDay('2026-10-08'), true, 'National Day 2026 ends on the 7th');
  });
});
