import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertValidPrefix, prefixed, requestSubjects, streamName, streamSubjects } from './subjects.js';

describe('subjects', () => {
  it('follow <service>.v1.<entity>.<verb>', () => {
    for (const [service, subjects] of Object.entries(requestSubjects)) {
      for (const subject of Object.values(subjects)) {
        if (subject !== requestSubjects.exchange.echo) assert.match(subject, new RegExp(`^${service}\\.v1\\.[a-z]+\\.[a-z]+(-[a-z]+)*$`));
      }
    }
    assert.equal(requestSubjects.item.listCalendar, 'item.v1.calendar.list');
  });

  it('are prefixed by the node code only when one is set', () => {
    assert.equal(prefixed('', 'item.v1.item.get'), 'item.v1.item.get');
    assert.equal(prefixed('150100', 'item.v1.item.get'), '150100.item.v1.item.get');
    assert.deepEqual(streamSubjects('150100', 'item'), ['150100.evt.item.>']);
    assert.equal(streamName('', 'item'), 'EVT_ITEM');
    assert.equal(streamName('150100', 'item'), 'EVT_ITEM_150100');
  });

  it('refuse prefixes that would change the subject hierarchy', () => {
    assert.throws(() => assertValidPrefix('a.b'));
    assert.throws(() => assertValidPrefix('a>'));
    assert.throws(() => assertValidPrefix('*'));
    assert.doesNotThrow(() => assertValidPrefix('150000'));
  });
});
