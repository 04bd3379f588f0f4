import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventSubjects, prefixed, type CalendarDay } from '@igs/contracts';
import { LocalCalendar, WorkingCalendar } from '@igs/platform';
import { eventually, newCatalogBody, readStream, withClient } from '@igs/testing';
import { assertProblem, http } from './http.js';
import { startPlatform, type RunningPlatform } from './platform.js';
import { appToken, bearer, demoApps, staffToken } from './tokens.js';

const zone = 'Asia/Shanghai';
const dueWorkingDays = 5;

describe("the region's working-day calendar through the gateway", () => {
  let platform: RunningPlatform;
  const auth: Record<'admin' | 'health' | 'police', Record<string, string>> = { admin: {}, health: {}, police: {} };
  const days = '/api/v1/calendar/days';
  const exchange = '/api/v1/exchange';

  before(async () => {
    platform = await startPlatform({ withExchange: true, exchangeEnv: { TIME_ZONE: zone, DEMAND_DUE_WORKING_DAYS: String(dueWorkingDays) } });
    // The platform administrator signs in: the platform_admin role grants calendar:write.
    auth.admin = bearer(await staffToken(platform.issuer, 'admin', 'demo-admin-password', 'calendar:write'));
    auth.health = bearer(await appToken(platform.issuer, demoApps.health, 'exchange:read exchange:catalog'));
    auth.police = bearer(await appToken(platform.issuer, demoApps.publicSecurity, 'exchange:read exchange:catalog'));
  });
  after(() => platform?.stop());

  it("lists the State Council's holidays and adjusted working days to any signed-in caller, and to nobody else", async () => {
    const year = await http(platform.url, 'GET', `${days}?year=2026`, undefined, auth.health);
    assert.equal(year.status, 200, JSON.stringify(year.body));
    const byDate = new Map((year.body.days as CalendarDay[]).map((day) => [day.date, day]));
    assert.deepEqual(
      [byDate.get('2026-02-14')?.kind, byDate.get('2026-02-14')?.name],
      ['workday', '春节调休上班'],
      'Saturday before the Spring Festival is worked',
    );
    assert.deepEqual([byDate.get('2026-09-20')?.kind, byDate.get('2026-09-20')?.name], ['workday', '国庆节调休上班'], 'a Sunday worked before National Day');
    assert.equal(byDate.get('2026-10-01')?.name, '国庆节');
    const range = await http(platform.url, 'GET', `${days}?from=2025-09-27&to=2025-10-12`, undefined, auth.health);
    assert.deepEqual(
      range.body.days.map((day: CalendarDay) => `${day.date} ${day.kind}`),
      ['2025-09-28 workday', ...['01', '02', '03', '04', '05', '06', '07', '08'].map((day) => `2025-10-${day} holiday`), '2025-10-11 workday'],
    );
    assertProblem(await http(platform.url, 'GET', `${days}?year=2026`), 401, 'AUTH.UNAUTHENTICATED');
  });

  it('lets the platform administrator alone change the calendar', async () => {
    const day = { date: '2027-01-01', kind: 'holiday', name: '元旦' };
    assertProblem(await http(platform.url, 'PUT', days, { days: [day] }, auth.health), 403, 'AUTH.FORBIDDEN');
    assertProblem(await http(platform.url, 'DELETE', `${days}/2026-10-01`, undefined, auth.health), 403, 'AUTH.FORBIDDEN');
    const set = await http(platform.url, 'PUT', days, { days: [day, { date: '2027-01-02', kind: 'holiday', name: '元旦' }] }, auth.admin);
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.deepEqual(
      set.body.days.map((d: CalendarDay) => d.date),
      ['2027-01-01', '2027-01-02'],
    );
    const removed = await http(platform.url, 'DELETE', `${days}/2027-01-02`, undefined, auth.admin);
    assert.equal(removed.status, 200);
    assertProblem(await http(platform.url, 'DELETE', `${days}/2027-01-02`, undefined, auth.admin), 404, 'ITEM.CALENDAR_DAY_NOT_FOUND');
    assert.deepEqual(
      (await http(platform.url, 'GET', `${days}?year=2027`, undefined, auth.police)).body.days.map((d: CalendarDay) => d.date),
      ['2027-01-01'],
    );
  });

  it('answers bad input 400 with problem+json naming the field', async () => {
    const fields = (answer: Awaited<ReturnType<typeof http>>) => (assertProblem(answer, 400, 'PLATFORM.VALIDATION').errors ?? []).map((e) => e.field);
    assert.deepEqual(fields(await http(platform.url, 'PUT', days, { days: [{ date: '2027-02-30', kind: 'holiday', name: '春节' }] }, auth.admin)), [
      'days[0].date',
    ]);
    assert.deepEqual(fields(await http(platform.url, 'PUT', days, { days: [{ date: '2027-02-10', kind: 'holiday', name: '春节', extra: 1 }] }, auth.admin)), [
      'days[0]',
    ]);
    assert.deepEqual(fields(await http(platform.url, 'PUT', days, { days: [{ date: '2027-02-10', kind: 'day_off', name: '春节' }] }, auth.admin)), [
      'days[0].kind',
    ]);
    assert.deepEqual(
      fields(await http(platform.url, 'PUT', days, { days: [{ date: '2027-02-10', kind: 'workday', name: '调休上班' }] }, auth.admin)),
      ['days[0].kind'],
      'a Wednesday is a working day already',
    );
    assert.deepEqual(
      fields(await http(platform.url, 'PUT', days, { days: [{ date: '2027-02-10', kind: 'holiday', name: '联系人：13812345678' }] }, auth.admin)),
      ['days[0].name'],
      'a personal value is not kept',
    );
    assert.deepEqual(fields(await http(platform.url, 'PUT', days, { days: [] }, auth.admin)), ['days']);
    assert.deepEqual(fields(await http(platform.url, 'GET', `${days}?year=twenty`, undefined, auth.health)), ['year']);
    assert.ok(fields(await http(platform.url, 'GET', days, undefined, auth.health)).includes('year'));
    assert.ok(fields(await http(platform.url, 'GET', `${days}?from=2026-03-01&to=2026-02-01`, undefined, auth.health)).includes('to'));
    assert.deepEqual(fields(await http(platform.url, 'DELETE', `${days}/2026-13-01`, undefined, auth.admin)), ['date']);
    assert.deepEqual(
      (await http(platform.url, 'GET', `${days}?year=2027`, undefined, auth.police)).body.days.map((d: CalendarDay) => d.date),
      ['2027-01-01'],
      'nothing refused was stored',
    );
  });

  it("changes a demand's overdue status, and the figures, when the calendar changes, with no restart", async () => {
    const catalog = newCatalogBody();
    assert.equal((await http(platform.url, 'POST', `${exchange}/catalogs`, catalog, auth.police)).status, 201);
    assert.equal(
      (await http(platform.url, 'POST', `${exchange}/catalogs/${catalog.code}/publish`, { revision: 0, legalBasis: '《居民身份证法》' }, auth.police)).status,
      200,
    );
    const demand = {
      catalogCode: catalog.code,
      fields: ['full_name'],
      purpose: '出生一件事联办核验',
      scenario: '新生儿落户',
      legalBasis: '《个人信息保护法》',
      validFrom: '2026-01-01',
      validTo: '2030-12-31',
      expectedDailyVolume: 10,
    };
    const id = (await http(platform.url, 'POST', `${exchange}/demands`, demand, auth.health)).body.id as string;

    // Made on the day that leaves it one working day past due on today's calendar.
    const today = new LocalCalendar(zone).today();
    const stored = async () => {
      const from = LocalCalendar.addDays(today, -40);
      return (await http(platform.url, 'GET', `${days}?from=${from}&to=${today}`, undefined, auth.health)).body.days as CalendarDay[];
    };
    const calendar = new WorkingCalendar(await stored());
    const made = calendar.addWorkingDays(today, -(dueWorkingDays + 1));
    await withClient(platform.db.url, (client) => client.query(`UPDATE exchange.demands SET created_at = $2 WHERE id = $1`, [id, `${made}T12:00:00+08:00`]));
    const overdue = async () => (await http(platform.url, 'GET', `${exchange}/demands/${id}`, undefined, auth.police)).body.overdue as boolean;
    const overdueInFigures = async () => (await http(platform.url, 'GET', `${exchange}/stats`, undefined, auth.police)).body.demands.overdue as number;
    assert.equal(await overdue(), true);
    assert.equal(await overdueInFigures(), 1);

    // A working weekday since then made a holiday: five working days old, not overdue.
    const storedDates = new Set((await stored()).map((day) => day.date));
    const span: string[] = [];
    for (let day = LocalCalendar.addDays(made, 1); day <= today; day = LocalCalendar.addDays(day, 1)) span.push(day);
    const weekday = span.find((day) => calendar.isWorkingDay(day) && !storedDates.has(day) && ![0, 6].includes(LocalCalendar.weekdayOf(day)));
    const sunday = span.find((day) => LocalCalendar.weekdayOf(day) === 0 && !storedDates.has(day));
    assert.ok(weekday && sunday, `a plain weekday and a plain Sunday between ${made} and ${today}`);
    assert.equal((await http(platform.url, 'PUT', days, { days: [{ date: weekday, kind: 'holiday', name: '临时假日' }] }, auth.admin)).status, 200);
    await eventually(async () => assert.equal(await overdue(), false));
    assert.equal(await overdueInFigures(), 0);

    // An adjusted working Sunday in the span: six working days again, overdue.
    assert.equal((await http(platform.url, 'PUT', days, { days: [{ date: sunday, kind: 'workday', name: '调休上班' }] }, auth.admin)).status, 200);
    await eventually(async () => assert.equal(await overdue(), true));
    assert.equal(await overdueInFigures(), 1);

    // Both removed: Monday to Friday again there.
    assert.equal((await http(platform.url, 'DELETE', `${days}/${sunday}`, undefined, auth.admin)).status, 200);
    await eventually(async () => assert.equal(await overdue(), false));
    assert.equal((await http(platform.url, 'DELETE', `${days}/${weekday}`, undefined, auth.admin)).status, 200);
    await eventually(async () => assert.equal(await overdue(), true));
  });

  it('keeps no personal value in the calendar table, its events or the logs', async () => {
    const personal = ['13812345678', '150102199003071237'];
    for (const value of personal) {
      const answer = await http(platform.url, 'PUT', days, { days: [{ date: '2027-03-01', kind: 'holiday', name: `联系人：${value}` }] }, auth.admin);
      assertProblem(answer, 400, 'PLATFORM.VALIDATION');
    }
    const rows = await withClient(platform.db.url, async (client) =>
      (await client.query<{ row: string }>(`SELECT t::text AS row FROM item.calendar_day t`)).rows.map((r) => r.row),
    );
    assert.ok(rows.length > 200, 'the scan reads the seeded days');
    const nc = await platform.nats.connect();
    const events = (await readStream(nc, platform.prefix, 'item'))
      .filter((event) => event.subject === prefixed(platform.prefix, eventSubjects.item.calendarChanged))
      .map((event) => JSON.stringify(event.envelope));
    await nc.drain();
    assert.ok(events.length > 1, 'the scan reads the calendar events');
    const lines = [platform.logs.gateway, platform.logs.item, platform.logs.exchange].flatMap((log) => log.lines()).map((line) => JSON.stringify(line));
    for (const text of [...rows, ...events, ...lines])
      for (const value of personal) assert.ok(!text.includes(value), `a personal value in clear: ${text.slice(0, 200)}`);
  });
});
