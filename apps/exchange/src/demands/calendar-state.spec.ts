import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CalendarDay } from '@igs/contracts';
import { CalendarState } from './calendar-state.js';

const day = (date: string, kind: CalendarDay['kind'], changedAt: string): CalendarDay => ({
  date,
  kind,
  name: kind === 'holiday' ? '国庆节' : '国庆节调休上班',
  changedAt,
});

describe(CalendarState.name, () => {
  it('applies a snapshot, then the changes after it', () => {
    const state = new CalendarState();
    let calendar = state.apply([day('2026-10-01', 'holiday', '2026-01-01T00:00:00Z'), day('2026-09-20', 'workday', '2026-01-01T00:00:00Z')]);
    assert.equal(calendar.isWorkingDay('2026-10-01'), false);
    assert.equal(calendar.isWorkingDay('2026-09-20'), true, 'an adjusted working Sunday');
    calendar = state.apply([], ['2026-09-20'], '2026-02-01T00:00:00Z');
    assert.equal(calendar.isWorkingDay('2026-09-20'), false, 'a Sunday again');
    calendar = state.apply([day('2026-10-09', 'holiday', '2026-02-02T00:00:00Z')]);
    assert.equal(calendar.isWorkingDay('2026-10-09'), false);
  });

  it('lets no older change, heard later, undo a newer one', () => {
    const state = new CalendarState();
    // The snapshot already holds the day set at 10:00; the event that set it at 09:00 is replayed after it.
    state.apply([day('2026-10-08', 'holiday', '2026-03-01T10:00:00Z')]);
    assert.equal(state.apply([], ['2026-10-08'], '2026-03-01T09:00:00Z').isWorkingDay('2026-10-08'), false, 'a removal older than the set day changes nothing');
    assert.equal(state.apply([], ['2026-10-08'], '2026-03-01T11:00:00Z').isWorkingDay('2026-10-08'), true, 'a newer removal applies');
    assert.equal(
      state.apply([day('2026-10-08', 'holiday', '2026-03-01T10:30:00Z')]).isWorkingDay('2026-10-08'),
      true,
      'an older set does not bring the removed day back',
    );
    assert.equal(state.apply([day('2026-10-08', 'holiday', '2026-03-01T12:00:00Z')]).isWorkingDay('2026-10-08'), false);
  });
});
