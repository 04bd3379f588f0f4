import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LocalCalendar, WorkingCalendar } from '@igs/platform';
import { workingDaysSince } from './working-days.js';

describe(workingDaysSince.name, () => {
  const beijing = new LocalCalendar('Asia/Shanghai');
  const plain = WorkingCalendar.mondayToFriday;

  it('counts Monday to Friday when the calendar holds nothing', () => {
    const friday = new Date('2026-11-20T01:00:00Z');
    assert.equal(workingDaysSince(friday, beijing, plain, new Date('2026-11-20T09:00:00Z')), 0);
    assert.equal(workingDaysSince(friday, beijing, plain, new Date('2026-11-22T10:00:00Z')), 0, 'the weekend does not count');
    assert.equal(workingDaysSince(friday, beijing, plain, new Date('2026-11-23T10:00:00Z')), 1);
    assert.equal(workingDaysSince(friday, beijing, plain, new Date('2026-11-27T10:00:00Z')), 5);
  });

  it('counts the days of the region, not of UTC', () => {
    // Sunday 23:00 UTC is Monday 07:00 in Beijing: a demand made then was made on a Monday.
    const sundayNightUtc = new Date('2026-11-22T23:00:00Z');
    const tuesdayMorning = new Date('2026-11-24T01:00:00Z');
    assert.equal(workingDaysSince(sundayNightUtc, beijing, plain, tuesdayMorning), 1);
    assert.equal(workingDaysSince(sundayNightUtc, new LocalCalendar('UTC'), plain, tuesdayMorning), 2);
  });

  it('skips the holidays and counts the adjusted working Sunday of National Day 2026', () => {
    const nationalDay = new WorkingCalendar([
      { date: '2026-09-20', kind: 'workday' },
      ...['01', '02', '03', '04', '05', '06', '07'].map((day) => ({ date: `2026-10-${day}`, kind: 'holiday' as const })),
      { date: '2026-10-10', kind: 'workday' },
    ]);
    const friday = new Date('2026-09-18T02:00:00Z');
    assert.equal(workingDaysSince(friday, beijing, nationalDay, new Date('2026-09-20T02:00:00Z')), 1, 'Sunday 20 September is worked');
    // Sun 20, Mon 21 to Wed 30 September (8), Thu 8, Fri 9, Sat 10 October.
    assert.equal(workingDaysSince(friday, beijing, nationalDay, new Date('2026-10-10T02:00:00Z')), 12);
    assert.equal(workingDaysSince(friday, beijing, plain, new Date('2026-10-10T02:00:00Z')), 15);
  });
});
