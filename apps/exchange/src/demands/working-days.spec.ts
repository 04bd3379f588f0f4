import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LocalCalendar } from '@igs/platform';
import { workingDaysSince } from './working-days.js';

describe(workingDaysSince.name, () => {
  const beijing = new LocalCalendar('Asia/Shanghai');

  it('counts Monday to Friday only', () => {
    const friday = new Date('2026-11-20T01:00:00Z');
    assert.equal(workingDaysSince(friday, beijing, new Date('2026-11-20T09:00:00Z')), 0);
    assert.equal(workingDaysSince(friday, beijing, new Date('2026-11-22T10:00:00Z')), 0, 'the weekend does not count');
    assert.equal(workingDaysSince(friday, beijing, new Date('2026-11-23T10:00:00Z')), 1);
    assert.equal(workingDaysSince(friday, beijing, new Date('2026-11-27T10:00:00Z')), 5);
  });

  it('counts the days of the region, not of UTC', () => {
    // Sunday 23:00 UTC is Monday 07:00 in Beijing: a demand made then was made on a Monday.
    const sundayNightUtc = new Date('2026-11-22T23:00:00Z');
    const tuesdayMorning = new Date('2026-11-24T01:00:00Z');
    assert.equal(workingDaysSince(sundayNightUtc, beijing, tuesdayMorning), 1);
    assert.equal(workingDaysSince(sundayNightUtc, new LocalCalendar('UTC'), tuesdayMorning), 2);
  });
});
