import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertValidPrefix, eventSubjectGroups, eventSubjects, prefixed, requestSubjects, streamName, streams, streamSubjects } from './subjects.js';

describe('subjects', () => {
  it('follow <service>.v1.<entity>.<verb> for every service', () => {
    const { diagnostics, ...services } = requestSubjects;
    for (const [service, subjects] of Object.entries(services)) {
      for (const subject of Object.values(subjects)) assert.match(subject, new RegExp(`^${service}\\.v1\\.[a-z]+\\.[a-z]+(-[a-z]+)*$`));
    }
    assert.equal(requestSubjects.item.listCalendar, 'item.v1.calendar.list');
    // The benchmark's echo has a place of its own, outside every service: no app of the platform answers it.
    assert.deepEqual(Object.values(diagnostics), ['diagnostics.v1.echo']);
  });

  it('name every event evt.<service>.<entity>.<event>, in a stream of the service that owns it', () => {
    const all = Object.entries(eventSubjects).flatMap(([service, subjects]) => Object.values(subjects).map((subject) => ({ service, subject })));
    for (const { service, subject } of all) {
      assert.match(subject, new RegExp(`^evt\\.${service}\\.[a-z]+\\.[a-z]+(-[a-z]+)*$`));
      const holders = Object.values(streams).filter((stream) => stream.subjects.some((captured) => subject.startsWith(captured.slice(0, -1))));
      assert.equal(holders.length, 1, `${subject} is captured by exactly one stream`);
      assert.ok(holders[0]!.name.startsWith(`EVT_${service.toUpperCase()}`), `${subject} is in a stream of ${service}`);
    }
    assert.equal(new Set(all.map(({ subject }) => subject)).size, all.length, 'no event subject is named twice');
  });

  it('group events by an entity whose events the group holds', () => {
    for (const [service, groups] of Object.entries(eventSubjectGroups)) {
      for (const group of Object.values(groups)) {
        assert.match(group, new RegExp(`^evt\\.${service}\\.[a-z]+\\.>$`));
        const events = Object.values(eventSubjects[service as keyof typeof eventSubjects]).filter((subject) => subject.startsWith(group.slice(0, -1)));
        assert.ok(events.length > 0, `${group} holds an event`);
      }
    }
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
