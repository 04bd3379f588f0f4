import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { workingDaysSince } from './working-days.js';

describe(workingDaysSince.name, () => {
  it('counts Monday to Friday only', () => {
    const friday = new Date('2026-11-20T09:00:00Z');
    assert.equal(workingDaysSince(friday, new Date('2026-11-20T17:00:00Z')), 0);
    assert.equal(workingDaysSince(friday, new Date('2026-11-22T10:00:00Z')), 0, 'the weekend does not count');
    assert.equal(workingDaysSince(friday, new Date('2026-11-23T10:00:00Z')), 1);
    assert.equal(workingDaysSince(friday, new Date('2026-11-27T10:00:00Z')), 5);
  });
});
