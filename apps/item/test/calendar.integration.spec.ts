import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { anonymousCaller, calendarEvents, calendarRequests, eventSubjects, prefixed, systemCaller, type Caller, type ErrorCode } from '@igs/contracts';
import { HealthRegistry, RemoteError, type MessageBus } from '@igs/platform';
import {
  createTestBus,
  createTestDatabase,
  eventually,
  memoryLogger,
  readStream,
  startTestNats,
  withClient,
  type TestDatabase,
  type TestNats,
} from '@igs/testing';
import type { NatsConnection } from '@nats-io/transport-node';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { CalendarService } from '../src/calendar/calendar.service.js';
import { stateCouncilDays, stateCouncilYears } from '../src/calendar/state-council-days.js';
import { loadItemConfig } from '../src/config.js';
import { createItemApp } from '../src/item-app.js';

const admin: Caller = { subject: 'staff:admin', type: 'staff', departmentCode: 'PLATFORM', scopes: ['items:read', 'calendar:write'] };
const editor: Caller = { subject: 'staff:health-editor', type: 'staff', departmentCode: 'HEALTH', scopes: ['items:read', 'items:write'] };

async function rejectsWith(promise: Promise<unknown>, code: ErrorCode): Promise<RemoteError> {
  const error = await promise.then(
    () => assert.fail(`expected ${code}, got a reply`),
    (e: unknown) => e,
  );
  assert.ok(error instanceof RemoteError, `expected RemoteError, got ${String(error)}`);
  assert.equal(error.code, code);
  return error;
}
const fieldsOf = (error: RemoteError) => (error.details as { errors: { field: string }[] }).errors.map((e) => e.field);

describe('the working-day calendar of the item service', () => {
  const log = memoryLogger('item');
  let nats: TestNats;
  let db: TestDatabase;
  let app: NestFastifyApplication;
  let bus: MessageBus;
  let closeBus: () => Promise<void>;
  /** The exchange's client: the one app that asks for the whole calendar. */
  let exchangeBus: { bus: MessageBus; close(): Promise<void> };
  let nc: NatsConnection;
  /** The calendar events in the item stream, as published. */
  const changes = async () =>
    (await readStream(nc, nats.prefix, 'item'))
      .filter((event) => event.subject === prefixed(nats.prefix, eventSubjects.item.calendarChanged))
      .map((event) => calendarEvents.changed.data.parse(event.envelope.data));

  before(async () => {
    db = await createTestDatabase('item_calendar');
    nats = await startTestNats();
    app = await createItemApp(loadItemConfig({ ...nats.envFor('item'), DATABASE_URL: db.url, LOG_LEVEL: 'warn' }), log.logger);
    await app.init();
    await app.get(HealthRegistry).untilReady();
    ({ bus, close: closeBus } = await createTestBus(nats, log.logger));
    exchangeBus = await createTestBus(nats, log.logger, 'exchange');
    nc = await nats.connect();
  });

  after(async () => {
    await closeBus?.();
    await exchangeBus?.close();
    await app?.close();
    await nc?.drain();
    await nats?.stop();
    await db?.drop();
  });

  it("starts seeded with the State Council's days, announced once", async () => {
    const spring = await bus.request(calendarRequests.list, { from: '2025-01-25', to: '2025-02-09' }, anonymousCaller);
    assert.deepEqual(
      spring.days.map((day) => [day.date, day.kind, day.name]),
      [
        ['2025-01-26', 'workday', '春节调休上班'],
        ...['01-28', '01-29', '01-30', '01-31', '02-01', '02-02', '02-03', '02-04'].map((day) => [`2025-${day}`, 'holiday', '春节']),
        ['2025-02-08', 'workday', '春节调休上班'],
      ],
    );
    const year = await bus.request(calendarRequests.list, { year: 2026 }, anonymousCaller);
    assert.deepEqual([year.from, year.to], ['2026-01-01', '2026-12-31']);
    assert.equal(year.days.length, stateCouncilDays.filter((day) => day.date.startsWith('2026-')).length);
    const seeded = await eventually(async () => {
      const found = await changes();
      assert.equal(found.length, 1);
      return found[0];
    });
    assert.equal(seeded.set.length, stateCouncilDays.length, 'every seeded day in one event');
  });

  it('seeds a year once: a restart, or a day the administrator removed or changed, is left alone', async () => {
    const calendar = app.get(CalendarService);
    assert.equal(await calendar.seed(stateCouncilYears, stateCouncilDays), 0);
    await bus.request(calendarRequests.remove, { date: '2024-10-07' }, admin);
    await bus.request(calendarRequests.set, { days: [{ date: '2099-01-01', kind: 'holiday', name: '元旦（管理员）' }] }, admin);
    const next = [
      { date: '2099-01-01', kind: 'holiday' as const, name: '元旦' },
      { date: '2099-01-02', kind: 'holiday' as const, name: '元旦' },
    ];
    assert.equal(await calendar.seed([2099], next), 1, 'only the date the administrator left empty');
    assert.equal(await calendar.seed([2024, 2099], [...stateCouncilDays, ...next]), 0);
    const days = (await bus.request(calendarRequests.list, { year: 2099 }, anonymousCaller)).days.map((day) => [day.date, day.name]);
    assert.deepEqual(days, [
      ['2099-01-01', '元旦（管理员）'],
      ['2099-01-02', '元旦'],
    ]);
    assert.deepEqual((await bus.request(calendarRequests.list, { from: '2024-10-07', to: '2024-10-07' }, anonymousCaller)).days, []);
  });

  it('lets the platform administrator set and remove days, announcing each change once through the outbox', async () => {
    const before = (await changes()).length;
    const set = await bus.request(
      calendarRequests.set,
      {
        days: [
          { date: '2027-02-07', kind: 'workday', name: '春节调休上班' },
          { date: '2027-02-06', kind: 'holiday', name: '春节' },
          { date: '2027-02-08', kind: 'holiday', name: '春节' },
        ],
      },
      admin,
    );
    assert.deepEqual(
      set.days.map((day) => day.date),
      ['2027-02-06', '2027-02-07', '2027-02-08'],
    );
    assert.deepEqual([set.from, set.to], ['2027-02-06', '2027-02-08']);
    const changed = await bus.request(calendarRequests.set, { days: [{ date: '2027-02-08', kind: 'holiday', name: '除夕' }] }, admin);
    assert.equal(changed.days[0].name, '除夕');
    const removed = await bus.request(calendarRequests.remove, { date: '2027-02-06' }, admin);
    assert.equal(removed.date, '2027-02-06');
    await rejectsWith(bus.request(calendarRequests.remove, { date: '2027-02-06' }, admin), 'ITEM.CALENDAR_DAY_NOT_FOUND');

    const events = await eventually(async () => {
      const found = (await changes()).slice(before);
      assert.equal(found.length, 3);
      return found;
    });
    assert.deepEqual(
      events.map((event) => [event.set.map((day) => `${day.date} ${day.kind} ${day.name}`), event.removed]),
      [
        [['2027-02-06 holiday 春节', '2027-02-07 workday 春节调休上班', '2027-02-08 holiday 春节'], []],
        [['2027-02-08 holiday 除夕'], []],
        [[], ['2027-02-06']],
      ],
    );
    const rows = await withClient(db.url, (client) =>
      client.query<{ date: string; changed_by: string }>(
        `SELECT to_char(date, 'YYYY-MM-DD') AS date, changed_by FROM item.calendar_day WHERE date >= '2027-01-01' AND date < '2028-01-01' ORDER BY date`,
      ),
    );
    assert.deepEqual(
      rows.rows,
      [
        { date: '2027-02-07', changed_by: 'staff:admin' },
        { date: '2027-02-08', changed_by: 'staff:admin' },
      ],
      'who changed a day is kept',
    );
  });

  it('refuses a change by anyone but the platform administrator', async () => {
    await rejectsWith(bus.request(calendarRequests.set, { days: [{ date: '2027-05-03', kind: 'holiday', name: '劳动节' }] }, editor), 'AUTH.FORBIDDEN');
    await rejectsWith(bus.request(calendarRequests.remove, { date: '2026-10-01' }, editor), 'AUTH.FORBIDDEN');
    await rejectsWith(
      bus.request(calendarRequests.set, { days: [{ date: '2027-05-03', kind: 'holiday', name: '劳动节' }] }, anonymousCaller),
      'AUTH.FORBIDDEN',
    );
    assert.deepEqual(
      (await bus.request(calendarRequests.list, { year: 2027 }, anonymousCaller)).days.map((day) => day.date),
      ['2027-02-07', '2027-02-08'],
    );
  });

  it('refuses a working day on a weekday, a date that is not one, and a date listed twice, naming the field', async () => {
    const weekday = await rejectsWith(
      bus.request(
        calendarRequests.set,
        {
          days: [
            { date: '2027-05-08', kind: 'workday', name: '劳动节调休上班' },
            { date: '2027-05-06', kind: 'workday', name: '调休上班' },
          ],
        },
        admin,
      ),
      'PLATFORM.VALIDATION',
    );
    assert.deepEqual(fieldsOf(weekday), ['days[1].kind'], 'Thursday 6 May is a working day already');
    assert.ok(
      fieldsOf(
        await rejectsWith(bus.request(calendarRequests.set, { days: [{ date: '2027-02-29', kind: 'holiday', name: '不存在' }] }, admin), 'PLATFORM.VALIDATION'),
      ).includes('days[0].date'),
    );
    assert.ok(
      fieldsOf(
        await rejectsWith(bus.request(calendarRequests.set, { days: [{ date: '1999-10-01', kind: 'holiday', name: '国庆节' }] }, admin), 'PLATFORM.VALIDATION'),
      ).includes('days[0].date'),
    );
    const twice = { date: '2027-10-01', kind: 'holiday' as const, name: '国庆节' };
    assert.deepEqual(fieldsOf(await rejectsWith(bus.request(calendarRequests.set, { days: [twice, twice] }, admin), 'PLATFORM.VALIDATION')), ['days']);
    assert.ok(
      fieldsOf(
        await rejectsWith(bus.request(calendarRequests.list, { year: 2026, from: '2026-01-01', to: '2026-01-31' }, anonymousCaller), 'PLATFORM.VALIDATION'),
      ).includes('year'),
    );
    assert.ok(
      fieldsOf(
        await rejectsWith(bus.request(calendarRequests.list, { from: '2026-01-01', to: '2027-06-01' }, anonymousCaller), 'PLATFORM.VALIDATION'),
      ).includes('to'),
    );
    assert.deepEqual((await bus.request(calendarRequests.list, { year: 2027 }, anonymousCaller)).days.length, 2, 'nothing of a refused change was stored');
  });

  it('gives a copy the whole calendar with the stream position to follow on from, and counts due dates on it', async () => {
    const snapshot = await eventually(async () => {
      const read = await exchangeBus.bus.request(calendarRequests.snapshot, {}, systemCaller('exchange'));
      assert.ok(read.streamSequence >= (await readStream(nc, nats.prefix, 'item')).length);
      return read;
    });
    assert.ok(snapshot.days.some((day) => day.date === '2026-02-14' && day.kind === 'workday'));
    const calendar = app.get(CalendarService);
    assert.equal(await calendar.dueDate('2026-02-13', 1), '2026-02-14', 'Saturday 14 February 2026 is worked');
    assert.equal(await calendar.dueDate('2026-02-14', 1), '2026-02-24', 'then nine days off');
    assert.equal(await calendar.dueDate('2025-09-26', 1), '2025-09-28', 'Sunday 28 September 2025 is worked');
  });
});
