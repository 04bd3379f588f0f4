import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LocalCalendar } from './local-calendar.js';

describe(LocalCalendar.name, () => {
  const beijing = new LocalCalendar('Asia/Shanghai');

  it('dates an instant by the local day, not the UTC one', () => {
    assert.equal(beijing.dateOf(new Date('2026-12-31T15:59:59Z')), '2026-12-31');
    assert.equal(beijing.dateOf(new Date('2026-12-31T16:00:00Z')), '2027-01-01', 'midnight in Beijing is 16:00 UTC');
    assert.equal(new LocalCalendar('UTC').dateOf(new Date('2026-12-31T16:00:00Z')), '2026-12-31');
    assert.equal(new LocalCalendar('America/New_York').dateOf(Date.parse('2026-03-08T04:30:00Z')), '2026-03-07', 'before the clocks go forward');
  });

  it('keeps today until local midnight and then moves on', () => {
    const calendar = new LocalCalendar('Asia/Shanghai');
    const beforeMidnight = Date.parse('2026-12-31T15:59:59.500Z');
    assert.equal(calendar.today(beforeMidnight), '2026-12-31');
    assert.equal(calendar.today(beforeMidnight + 400), '2026-12-31');
    assert.equal(calendar.today(beforeMidnight + 500), '2027-01-01');
    assert.equal(calendar.today(beforeMidnight + 500 + 86_400_000 - 1), '2027-01-01');
    assert.equal(calendar.today(beforeMidnight - 86_400_000), '2026-12-30', 'a clock set back is followed too');
  });

  it('follows a day that is 23 hours long', () => {
    const newYork = new LocalCalendar('America/New_York');
    // 8 March 2026 starts at 05:00 UTC and, the clocks going forward at 02:00, ends at 04:00 UTC.
    assert.equal(newYork.today(Date.parse('2026-03-08T05:00:00Z')), '2026-03-08');
    for (let minute = 0; minute < 23 * 60 - 1; minute += 1) newYork.today(Date.parse('2026-03-08T05:00:30Z') + minute * 60_000);
    assert.equal(newYork.today(Date.parse('2026-03-09T03:59:59Z')), '2026-03-08');
    assert.equal(newYork.today(Date.parse('2026-03-09T04:00:00Z')), '2026-03-09');
  });

  it('knows weekdays and date arithmetic of local dates, and refuses unknown zones', () => {
    assert.equal(LocalCalendar.weekdayOf('2026-11-27'), 5);
    assert.equal(LocalCalendar.addDays('2026-12-31', 1), '2027-01-01');
    assert.equal(LocalCalendar.addDays('2026-03-01', -1), '2026-02-28');
    assert.equal(LocalCalendar.isTimeZone('Asia/Shanghai'), true);
    assert.equal(LocalCalendar.isTimeZone('Mars/Olympus_Mons'), false);
    assert.throws(() => new LocalCalendar('Beijing'), RangeError);
  });
});
