import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CallService, createExchangeApp, loadExchangeConfig } from '@igs/exchange';
import { streamName, type CallPage, type DataQueryResult, type DataVerifyResult, type DockingPage } from '@igs/contracts';
import { HealthRegistry } from '@igs/platform';
import { demandBody, demoApp, eventually, ExchangeBuilders, memoryLogger, readStream, withClient } from '@igs/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import { assertProblem, http, type HttpAnswer, type Reply } from './http.js';
import { startPlatform, type RunningPlatform } from './platform.js';
import { appToken, bearer } from './tokens.js';

/** How long an effect took to land, polling as `eventually` does. */
async function tookMs(withinMs: number, check: () => Promise<unknown>) {
  const started = Date.now();
  await eventually(check, withinMs, 20);
  return Date.now() - started;
}

// Every case builds its own catalog, rows and docking entries, so any one of them runs alone
// (node --test --test-name-pattern) and none relies on a quota, a counter or a revocation another left.
describe('the data-call path: authorised, rendered by policy, audited', () => {
  let platform: RunningPlatform;
  let build: ExchangeBuilders;
  /** The provider's headers: public security keeps the register. */
  let police: Record<string, string>;
  const tokens = new Map<string, Promise<Record<string, string>>>();
  const scope = 'exchange:read exchange:catalog exchange:approve data:call';
  /** A department system's headers for the given scopes, fetched once per pair. */
  const headersOf = (name: string, scopes = scope) => {
    const key = `${name} ${scopes}`;
    if (!tokens.has(key)) tokens.set(key, appToken(platform.issuer, demoApp(name), scopes).then(bearer));
    return tokens.get(key)!;
  };
  const fields = [
    { name: 'id_number', label: '身份号码', type: 'string', category: 'PERSON.ID', grade: 3, piType: 'id_number', policy: 'tokenised' },
    { name: 'full_name', label: '姓名', type: 'string', category: 'PERSON.BASIC', grade: 2, piType: 'name', policy: 'masked' },
    { name: 'mobile', label: '手机号码', type: 'string', category: 'PERSON.CONTACT', grade: 2, piType: 'phone', policy: 'plain' },
    { name: 'birth_date', label: '出生日期', type: 'date', category: 'PERSON.BASIC', grade: 2, piType: null, policy: 'plain' },
    { name: 'household_address', label: '户籍地址', type: 'string', category: 'PERSON.CONTACT', grade: 2, piType: 'address', policy: 'masked' },
    { name: 'bank_account', label: '银行账户', type: 'string', category: 'PERSON.FINANCE', grade: 3, piType: 'bank_account', policy: 'masked' },
    { name: 'vaccinated', label: '已接种', type: 'boolean', category: 'PERSON.HEALTH', grade: 3, piType: 'health', policy: 'verify_only' },
  ] as const;
  const person = {
    id_number: '150102199003071237',
    full_name: '张三',
    mobile: '13800471001',
    birth_date: '1990-03-07',
    household_address: '呼和浩特市新城区示例路1号',
    bank_account: '6222021234567890123',
    vaccinated: true,
  };
  const all = fields.map((f) => f.name);
  const base = '/api/v1/exchange';
  /** Every data call's request id, in order, so a case can read back the audit of its own calls. */
  const sent: string[] = [];
  const call = async <T = DataQueryResult>(who: string, kind: 'query' | 'verify', body: unknown, code: string) => {
    const requestId = `call-test-${sent.length + 1}`;
    sent.push(requestId);
    return http<T>(platform.url, 'POST', `/api/v1/data/${code}/${kind}`, body, { ...(await headersOf(who)), 'x-request-id': requestId });
  };
  const queryOf =
    (catalog: { code: string }) =>
    (who: string, wanted: string[], keys: Record<string, unknown> = { id_number: person.id_number }) =>
      call(who, 'query', { keys, fields: wanted, purpose: '出生一件事核验' }, catalog.code);

  /** A published catalog of the register's fields holding the person, and the load that brought it. */
  async function register() {
    const catalog = await build.publishedCatalog({ keyFields: ['id_number'], fields: fields.map((f) => ({ ...f })) });
    const { loadId } = await build.loadRows(catalog, [person]);
    return { catalog, loadId, query: queryOf(catalog) };
  }

  /** Waits until a docking entry approved last has reached the call path (the entries arrive in order). */
  const untilCallable = (ask: () => Promise<HttpAnswer>) => eventually(async () => assert.equal((await ask()).status, 200), 2000, 20);

  /** Another exchange replica on the platform's database and subjects; the test closes it. */
  async function startReplica(label: string) {
    const replica = await createExchangeApp(
      loadExchangeConfig({ ...platform.nats.envFor('exchange'), DATABASE_URL: platform.db.url, LOG_LEVEL: 'warn' }),
      memoryLogger(label).logger,
    );
    await replica.init();
    return replica;
  }

  /** A department system's call context, for calling a replica's CallService directly. */
  const appCaller = (name: string, department: string) => ({
    caller: { subject: `${name}-system`, type: 'app' as const, departmentCode: department, appId: `${name}-system`, scopes: ['data:call'] },
  });

  before(async () => {
    platform = await startPlatform({ withItem: false, withExchange: true });
    const request = <T>(method: string, path: string, body?: unknown, headers?: Record<string, string>) => http<T>(platform.url, method, path, body, headers);
    police = await headersOf('public-security');
    build = new ExchangeBuilders(request, headersOf, police);
  });
  after(() => platform?.stop());

  it('renders every field by its policy: plain, masked, tokenised per consumer, and omits verify-only ones', async () => {
    const { catalog, query } = await register();
    await build.dock('tax', catalog, ['id_number', 'full_name']);
    await build.dock('health', catalog, all);
    await untilCallable(() => query('health', ['birth_date']));
    const answer = await query('health', all);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.headers.get('cache-control'), 'no-store', 'no cache keeps a data call');
    const [row] = answer.body.rows;
    assert.equal(row.full_name, '张*');
    assert.equal(row.mobile, '13800471001');
    assert.equal(row.birth_date, '1990-03-07');
    assert.equal(row.household_address, '呼和浩特市新****');
    assert.equal(row.bank_account, '**** 0123');
    assert.match(row.id_number as string, /^[A-Za-z0-9_-]{43}$/);
    assert.ok(!('vaccinated' in row), 'a verify-only field is not read');
    assert.equal(answer.body.policies.vaccinated, 'verify_only');
    const tax = await query('tax', ['id_number']);
    assert.notEqual(tax.body.rows[0].id_number, row.id_number, 'two departments get tokens they cannot join');
    assert.equal((await query('health', ['id_number'])).body.rows[0].id_number, row.id_number, 'a department always gets the same token');
    const spaced = `${person.id_number.slice(0, 6)} ${person.id_number.slice(6, 14)} ${person.id_number.slice(14)}`;
    assert.deepEqual(
      (await query('health', ['birth_date'], { id_number: spaced })).body.rows,
      [{ birth_date: person.birth_date }],
      'an ID number typed with spaces finds its row',
    );
    const missing = await query('health', ['full_name'], { id_number: '150105199208152347' });
    assert.deepEqual(missing.body.rows, []);
  });

  it('answers verify-only with match true or false, for a field the caller may not read', async () => {
    const { catalog, query } = await register();
    await build.dock('health', catalog, all);
    await build.dock('medical-insurance', catalog, ['full_name', 'vaccinated']);
    await untilCallable(() => query('medical-insurance', ['full_name']));
    const verify = (values: Record<string, unknown>, id = person.id_number) =>
      call<DataVerifyResult>('medical-insurance', 'verify', { keys: { id_number: id }, values, purpose: '参保核验' }, catalog.code);
    const right = await verify({ vaccinated: true, full_name: '张三' });
    assert.deepEqual([right.status, right.body.found, right.body.matches], [200, true, { vaccinated: true, full_name: true }]);
    assert.equal(right.headers.get('cache-control'), 'no-store');
    assert.deepEqual((await verify({ full_name: '李四', vaccinated: false })).body.matches, { full_name: false, vaccinated: false });
    const unknown = await verify({ full_name: '张三' }, '150105199208152347');
    assert.deepEqual([unknown.body.found, unknown.body.matches], [false, { full_name: false }]);
    const notADate = await call<DataVerifyResult>(
      'health',
      'verify',
      { keys: { id_number: person.id_number }, values: { birth_date: '1990-13-07' }, purpose: '参保核验' },
      catalog.code,
    );
    assert.deepEqual([notADate.status, notADate.body.matches], [200, { birth_date: false }], 'a value that is no calendar date does not match');
    const read = await query('medical-insurance', ['vaccinated']);
    assert.deepEqual(read.body.rows, [{}], 'reading a verify-only field gives nothing');
  });

  it('denies with a precise code: no docking, field not approved, expired, quota used up', async () => {
    const { catalog, query } = await register();
    await build.dock('tax', catalog, ['id_number', 'full_name'], { dailyQuota: 1 });
    await build.dock('medical-insurance', catalog, ['full_name', 'vaccinated']);
    await build.dock('hrss', catalog, ['full_name'], { demand: { validFrom: '2030-01-01', validTo: '2030-12-31' } });
    await build.dock('health', catalog, all);
    await untilCallable(() => query('health', ['birth_date']));
    assertProblem(await query('hrss', ['full_name']), 403, 'EXCHANGE.EXPIRED');
    assertProblem(await query('medical-insurance', ['id_number']), 403, 'EXCHANGE.FIELD_NOT_APPROVED');
    const tax = await headersOf('tax', 'exchange:read');
    assertProblem(
      await http(
        platform.url,
        'POST',
        `/api/v1/data/${catalog.code}/query`,
        { keys: { id_number: person.id_number }, fields: ['full_name'], purpose: 'x1' },
        tax,
      ),
      403,
      'AUTH.FORBIDDEN',
    );
    assert.equal((await query('tax', ['full_name'])).status, 200);
    assertProblem(await query('tax', ['full_name']), 403, 'EXCHANGE.QUOTA_EXCEEDED');
    const other = await build.publishedCatalog();
    assertProblem(
      await call('health', 'query', { keys: { id_number: person.id_number }, fields: ['full_name'], purpose: '无对接' }, other.code),
      403,
      'EXCHANGE.NO_DOCKING',
    );
    const draft = await build.draftCatalog();
    assertProblem(
      await call('health', 'query', { keys: { id_number: person.id_number }, fields: ['full_name'], purpose: '未发布' }, draft.code),
      409,
      'EXCHANGE.NOT_PUBLISHED',
    );
    assertProblem(
      await call('health', 'query', { keys: { id_number: person.id_number }, fields: ['full_name'], purpose: '无目录' }, 'NO-SUCH-CATALOG'),
      404,
      'EXCHANGE.CATALOG_NOT_FOUND',
    );
    const bad = assertProblem(await query('health', ['full_name', 'shoe_size'], { passport: 'E123' }), 400, 'PLATFORM.VALIDATION');
    assert.deepEqual(bad.errors!.map((e) => e.field).sort(), ['shoe_size']);
    const noKey = assertProblem(await query('health', ['full_name'], {}), 400, 'PLATFORM.VALIDATION');
    assert.deepEqual(
      noKey.errors!.map((e) => e.field),
      ['keys.id_number'],
    );
  });

  it('refuses oversized calls with 400 naming what is too large, a body over the limit with 413, and a purpose naming a person', async () => {
    const { catalog, query } = await register();
    await build.dock('health', catalog, all);
    await untilCallable(() => query('health', ['birth_date']));
    // The gateway refuses these by the call's contract before they reach the exchange, so
    // they are not data calls and leave no audit record (their own request ids keep them out
    // of the audit test's count).
    let oversized = 0;
    const send = async (kind: 'query' | 'verify', body: unknown) =>
      http(platform.url, 'POST', `/api/v1/data/${catalog.code}/${kind}`, body, { ...(await headersOf('health')), 'x-request-id': `oversized-${++oversized}` });
    const ask = (fields: string[], keys: Record<string, unknown>) => send('query', { keys, fields, purpose: '核验' });
    const fieldsNamed = (answer: HttpAnswer) => assertProblem(answer, 400, 'PLATFORM.VALIDATION').errors!.map((e) => e.field);
    assert.deepEqual(
      fieldsNamed(
        await ask(
          Array.from({ length: 201 }, (_, i) => `field_${i}`),
          { id_number: person.id_number },
        ),
      ),
      ['fields'],
    );
    assert.deepEqual(fieldsNamed(await ask(['full_name'], { id_number: '1'.repeat(4001) })), ['keys.id_number']);
    assert.deepEqual(fieldsNamed(await ask(['full_name'], Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`key_${i}`, 'x'])))), ['keys']);
    const manyValues = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`field_${i}`, 'x']));
    assert.deepEqual(fieldsNamed(await send('verify', { keys: { id_number: person.id_number }, values: manyValues, purpose: '核验' })), ['values']);
    assertProblem(
      await send('query', { keys: { id_number: person.id_number }, fields: ['full_name'], purpose: 'x'.repeat(2 * 1024 * 1024) }),
      413,
      'PLATFORM.PAYLOAD_TOO_LARGE',
    );
    // The audit keeps the purpose as written, so one naming a person is refused.
    for (const purpose of [`核验${person.id_number}`, '核验 15010219900307123x', `回访${person.mobile}`, `退款至${person.bank_account}`]) {
      assert.deepEqual(fieldsNamed(await send('query', { keys: { id_number: person.id_number }, fields: ['full_name'], purpose })), ['purpose'], purpose);
    }
    const withCaseNumber = await send('query', {
      keys: { id_number: person.id_number },
      fields: ['full_name'],
      purpose: '2026年第3批核验，案卷号 QSL-20261127-0042',
    });
    assert.equal(withCaseNumber.status, 200, 'a purpose with dates and case numbers is fine');
  });

  it('applies a suspension, a resumption and a negative entry to calls within a second', async () => {
    const { catalog, query } = await register();
    await build.dock('health', catalog, all);
    await untilCallable(() => query('health', ['birth_date']));
    const listed = await http<Reply<typeof DockingPage>>(platform.url, 'GET', `${base}/docking?catalog=${catalog.code}&department=HEALTH`, undefined, police);
    const dockingId = listed.body.entries.find((e) => e.consumerDepartment === 'HEALTH')!.id;
    await http(platform.url, 'POST', `${base}/docking/${dockingId}/suspend`, { reason: '安全检查' }, police);
    const suspended = await tookMs(1000, async () => assertProblem(await query('health', ['birth_date']), 403, 'EXCHANGE.NO_DOCKING') && undefined);
    assert.ok(suspended <= 1000);
    await http(platform.url, 'POST', `${base}/docking/${dockingId}/resume`, { reason: '检查完毕' }, police);
    await tookMs(1000, async () => assert.equal((await query('health', ['birth_date'])).status, 200));
    await http(
      platform.url,
      'POST',
      `${base}/negative`,
      { catalogCode: catalog.code, field: 'bank_account', legalBasis: '《个人信息保护法》第二十八条' },
      police,
    );
    await tookMs(1000, async () => assertProblem(await query('health', ['bank_account']), 403, 'EXCHANGE.NEGATIVE_LIST') && undefined);
  });

  it('applies a revocation to calls within a second, on every replica', async () => {
    const { catalog, query } = await register();
    await build.dock('tax', catalog, ['id_number', 'full_name']);
    const dockingId = await build.dock('tax', catalog, ['birth_date']);
    const second = await startReplica('exchange-revoke');
    try {
      const askSecond = () =>
        second
          .get(CallService)
          .query(catalog.code, { keys: { id_number: person.id_number }, fields: ['birth_date'], purpose: '吊销' }, appCaller('tax', 'TAX'));
      await eventually(
        async () => {
          assert.equal((await query('tax', ['birth_date'])).status, 200);
          assert.deepEqual((await askSecond()).rows, [{ birth_date: person.birth_date }]);
        },
        2000,
        20,
      );
      const revoked = await http(platform.url, 'POST', `${base}/docking/${dockingId}/revoke`, { reason: '用途已终止' }, police);
      assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
      // Tax keeps its other entry (id_number and full_name), so without the revoked one
      // birth_date is a field it is not approved for.
      const reachedMs = await tookMs(1000, async () => {
        assertProblem(await query('tax', ['birth_date']), 403, 'EXCHANGE.FIELD_NOT_APPROVED');
        await assert.rejects(askSecond(), { code: 'EXCHANGE.FIELD_NOT_APPROVED' });
      });
      assert.ok(reachedMs <= 1000, `the revocation reached both replicas in ${reachedMs} ms`);
      // A revoked entry is final: it cannot be resumed into use again.
      assertProblem(await http(platform.url, 'POST', `${base}/docking/${dockingId}/resume`, { reason: '恢复' }, police), 409, 'EXCHANGE.INVALID_TRANSITION');
    } finally {
      await second.close();
    }
  });

  it('shares the daily quota between replicas', async () => {
    const { catalog } = await register();
    await build.dock('hrss', catalog, ['birth_date'], { dailyQuota: 3 });
    const second = await startReplica('exchange-2');
    try {
      const replicas = [platform.exchange!.get(CallService), second.get(CallService)];
      const ask = (replica: CallService) =>
        replica.query(catalog.code, { keys: { id_number: person.id_number }, fields: ['birth_date'], purpose: '配额' }, appCaller('hrss', 'HRSS'));
      await eventually(async () => void (await ask(replicas[1])), 2000, 20);
      await ask(replicas[0]);
      await ask(replicas[0]);
      await new Promise((resolve) => setTimeout(resolve, 800));
      await assert.rejects(ask(replicas[1]), { code: 'EXCHANGE.QUOTA_EXCEEDED' }, "the other replica counts the first one's calls");
      await assert.rejects(ask(replicas[0]), { code: 'EXCHANGE.QUOTA_EXCEEDED' });
    } finally {
      await second.close();
    }
  });

  it("builds a starting replica's copy from the database, so the stream need not keep the lists' history", async () => {
    const { catalog } = await register();
    await build.dock('medical-insurance', catalog, ['full_name', 'vaccinated']);
    await build.dock('health', catalog, all);
    // A negative entry on a field revokes the entries that hold it, health's here.
    const negative = await http(
      platform.url,
      'POST',
      `${base}/negative`,
      { catalogCode: catalog.code, field: 'bank_account', legalBasis: '《个人信息保护法》第二十八条' },
      police,
    );
    assert.equal(negative.status, 201, JSON.stringify(negative.body));
    // As if the stream had a retention limit that every event so far had outlived.
    const nc = await platform.nats.connect();
    await (await jetstreamManager(nc)).streams.purge(streamName(platform.prefix, 'exchange'));
    await nc.drain();
    const second = await startReplica('exchange-3');
    try {
      await second.get(HealthRegistry).untilReady(5000);
      const calls = second.get(CallService);
      const ask = (name: string, department: string, fields: string[]) =>
        calls.query(catalog.code, { keys: { id_number: person.id_number }, fields, purpose: '重启后核验' }, appCaller(name, department));
      const answer = await ask('medical-insurance', 'MEDICAL_INSURANCE', ['full_name']);
      assert.deepEqual(answer.rows, [{ full_name: '张*' }], 'an approved entry holds without its event');
      await assert.rejects(
        ask('medical-insurance', 'MEDICAL_INSURANCE', ['bank_account']),
        { code: 'EXCHANGE.NEGATIVE_LIST' },
        'a negative entry holds without its event',
      );
      await assert.rejects(ask('health', 'HEALTH', ['birth_date']), { code: 'EXCHANGE.NO_DOCKING' }, 'the entry the negative entry revoked stays revoked');

      // And what happens next comes by the stream as before.
      const listed = await http<Reply<typeof DockingPage>>(
        platform.url,
        'GET',
        `${base}/docking?catalog=${catalog.code}&department=MEDICAL_INSURANCE`,
        undefined,
        police,
      );
      const dockingId = listed.body.entries.find((e) => e.consumerDepartment === 'MEDICAL_INSURANCE' && e.status === 'active')!.id;
      await http(platform.url, 'POST', `${base}/docking/${dockingId}/suspend`, { reason: '安全检查' }, police);
      await tookMs(1000, () => assert.rejects(ask('medical-insurance', 'MEDICAL_INSURANCE', ['full_name']), { code: 'EXCHANGE.NO_DOCKING' }));
      await http(platform.url, 'POST', `${base}/docking/${dockingId}/resume`, { reason: '检查完毕' }, police);
      await tookMs(1000, async () => void (await ask('medical-insurance', 'MEDICAL_INSURANCE', ['full_name'])));
    } finally {
      await second.close();
    }
  });

  it('audits every call once, allowed or denied, before answering, with no personal value in the record', async () => {
    const firstCall = sent.length;
    const { catalog, loadId, query } = await register();
    // The calls the audit is read for: allowed, allowed without a row, and a denial of each kind.
    assertProblem(await query('health', ['birth_date']), 403, 'EXCHANGE.NO_DOCKING');
    await build.dock('tax', catalog, ['id_number', 'full_name'], { dailyQuota: 1 });
    await build.dock('medical-insurance', catalog, ['full_name', 'vaccinated']);
    await build.dock('hrss', catalog, ['full_name'], { demand: { validFrom: '2030-01-01', validTo: '2030-12-31' } });
    await build.dock('health', catalog, all);
    await untilCallable(() => query('health', ['birth_date']));
    assert.equal((await query('health', all)).status, 200);
    assert.deepEqual((await query('health', ['full_name'], { id_number: '150105199208152347' })).body.rows, []);
    assertProblem(await query('hrss', ['full_name']), 403, 'EXCHANGE.EXPIRED');
    assertProblem(await query('medical-insurance', ['id_number']), 403, 'EXCHANGE.FIELD_NOT_APPROVED');
    assert.equal((await query('tax', ['full_name'])).status, 200);
    assertProblem(await query('tax', ['full_name']), 403, 'EXCHANGE.QUOTA_EXCEEDED');
    assertProblem(
      await call('health', 'query', { keys: { id_number: person.id_number }, fields: ['full_name'], purpose: '无目录' }, 'NO-SUCH-CATALOG'),
      404,
      'EXCHANGE.CATALOG_NOT_FOUND',
    );
    // A negative entry on a catalog of its own, so that health's entry above is not revoked.
    const listed = await build.publishedCatalog();
    await build.dock('medical-insurance', listed, ['full_name']);
    const negative = await http(
      platform.url,
      'POST',
      `${base}/negative`,
      { catalogCode: listed.code, field: 'household_address', legalBasis: '《个人信息保护法》第二十八条' },
      police,
    );
    assert.equal(negative.status, 201, JSON.stringify(negative.body));
    const askListed = () =>
      call('medical-insurance', 'query', { keys: { id_number: person.id_number }, fields: ['household_address'], purpose: '负面清单' }, listed.code);
    await eventually(async () => assertProblem(await askListed(), 403, 'EXCHANGE.NEGATIVE_LIST'), 2000, 20);

    const traced = await query('health', ['birth_date']);
    const tracedRequestId = sent.at(-1)!;
    const requestIds = sent.slice(firstCall);
    const records = await withClient(platform.db.url, (client) =>
      client.query('SELECT * FROM exchange.call_audit WHERE request_id = ANY($1::text[])', [requestIds]),
    ).then((r) => r.rows);
    const perRequest = new Map<string, number>();
    for (const record of records) perRequest.set(record.request_id, (perRequest.get(record.request_id) ?? 0) + 1);
    assert.equal(perRequest.size, requestIds.length, 'every call has a record');
    assert.ok(
      [...perRequest.values()].every((count) => count === 1),
      'no call has two',
    );
    const denied = records.filter((r) => r.outcome === 'denied').map((r) => r.denial_code);
    for (const code of [
      'EXCHANGE.EXPIRED',
      'EXCHANGE.FIELD_NOT_APPROVED',
      'EXCHANGE.QUOTA_EXCEEDED',
      'EXCHANGE.NO_DOCKING',
      'EXCHANGE.NEGATIVE_LIST',
      'EXCHANGE.CATALOG_NOT_FOUND',
    ]) {
      assert.ok(denied.includes(code), `a ${code} call is audited`);
    }
    const allowed = records.find((r) => r.outcome === 'allowed' && r.fields_requested.length === all.length);
    assert.deepEqual([allowed.consumer_department, allowed.provider_department, allowed.kind, allowed.row_count], ['HEALTH', 'PUBLIC_SECURITY', 'query', 1]);
    assert.equal(allowed.policies.full_name, 'masked');
    assert.ok(allowed.trace_id, 'the trace id is kept');
    // An answer is traced to the load its row came from; a call that read no row has no source.
    const allowedView = await http<Reply<typeof CallPage>>(
      platform.url,
      'GET',
      `${base}/calls?callId=${allowed.call_id}`,
      undefined,
      await headersOf('health'),
    );
    const source = allowedView.body.calls[0].source!;
    assert.deepEqual([source.loadId, source.sourceSystem], [loadId, 'ps-population-db']);
    assert.match(source.batchId, /^[0-9a-f-]{36}$/);
    assert.ok(Date.parse(source.loadedAt) <= Date.now());
    const notFound = records.find((r) => r.outcome === 'allowed' && r.row_count === 0 && r.consumer_department === 'HEALTH');
    const deniedOne = records.find((r) => r.outcome === 'denied' && r.consumer_department === 'HEALTH');
    for (const record of [notFound, deniedOne]) {
      assert.equal(record.source_batch, null);
      assert.equal(
        (await http(platform.url, 'GET', `${base}/calls?callId=${record.call_id}`, undefined, await headersOf('health'))).body.calls[0].source,
        null,
      );
    }
    const tracedRecord = records.find((r) => r.request_id === tracedRequestId);
    assert.match(traced.headers.get('x-trace-id') ?? '', /^(?!0{32})[0-9a-f]{32}$/);
    assert.equal(tracedRecord.trace_id, traced.headers.get('x-trace-id'), 'the record carries the trace id the caller was given');
    const consumerView = await http(platform.url, 'GET', `${base}/calls?catalog=${catalog.code}&size=500`, undefined, await headersOf('health'));
    assert.ok(
      consumerView.body.calls.length > 0 && consumerView.body.calls.every((c: { consumerDepartment: string }) => c.consumerDepartment === 'HEALTH'),
      'a consumer lists its own calls',
    );
    const providerView = await http(platform.url, 'GET', `${base}/calls?role=provider&outcome=denied&size=500`, undefined, police);
    assert.ok(
      providerView.body.total >= 5 &&
        providerView.body.calls.every(
          (c: { providerDepartment: string; outcome: string }) => c.providerDepartment === 'PUBLIC_SECURITY' && c.outcome === 'denied',
        ),
    );
    assert.equal(
      (await http(platform.url, 'GET', `${base}/calls?role=provider`, undefined, await headersOf('health'))).body.total,
      0,
      'health provides nothing here',
    );
    // A department traces one of its calls by the request id it sent, or by the call id.
    const byRequest = await http(platform.url, 'GET', `${base}/calls?requestId=${tracedRequestId}`, undefined, await headersOf('health'));
    assert.deepEqual([byRequest.body.total, byRequest.body.calls[0].requestId, byRequest.body.calls[0].callId], [1, tracedRequestId, tracedRecord.call_id]);
    const byCall = await http(platform.url, 'GET', `${base}/calls?callId=${tracedRecord.call_id}`, undefined, await headersOf('health'));
    assert.deepEqual([byCall.body.total, byCall.body.calls[0].requestId], [1, tracedRequestId]);
    assert.equal(
      (await http(platform.url, 'GET', `${base}/calls?requestId=${tracedRequestId}`, undefined, await headersOf('tax'))).body.total,
      0,
      "not another department's call",
    );
    const badLookup = assertProblem(
      await http(platform.url, 'GET', `${base}/calls?requestId=${encodeURIComponent('no spaces')}&callId=42`, undefined, await headersOf('health')),
      400,
      'PLATFORM.VALIDATION',
    );
    assert.deepEqual(badLookup.errors?.map((e) => e.field).sort(), ['callId', 'requestId']);
    const stats = await http(platform.url, 'GET', `${base}/stats`, undefined, await headersOf('tax'));
    const today = stats.body.calls.filter((c: { catalogCode: string }) => c.catalogCode === catalog.code);
    assert.ok(
      today.some((c: { consumerDepartment: string; allowed: number; denied: number }) => c.consumerDepartment === 'HEALTH' && c.allowed > 0 && c.denied > 0),
    );
    const dump = JSON.stringify(records);
    for (const value of [person.id_number, person.full_name, person.mobile, person.bank_account, person.household_address])
      assert.ok(!dump.includes(value), 'no personal value in the audit');
  });

  it('keeps no personal value in clear in any table of the exchange schema or any log line', async () => {
    const { catalog, query } = await register();
    await build.dock('tax', catalog, ['id_number', 'full_name'], { dailyQuota: 1 });
    await build.dock('medical-insurance', catalog, ['full_name', 'vaccinated']);
    await untilCallable(() => query('medical-insurance', ['full_name']));
    assert.equal((await query('tax', ['full_name'])).status, 200, 'tax uses up its quota of one');
    // The paths that see clear values and are not exercised above: a load with a bad row, a
    // key that finds no row, a call refused for an unknown field, a verify that fails, a
    // failing quota.
    const typo = `${person.id_number.slice(0, -1)}${person.id_number.endsWith('8') ? '9' : '8'}`;
    const badRow = JSON.stringify({ ...person, id_number: typo, mobile: '13800471999', birth_date: '1990-02-30' });
    const loaded = await http(platform.url, 'POST', `${base}/catalogs/${catalog.code}/resource`, `${JSON.stringify(person)}\n${badRow}`, {
      ...police,
      'content-type': 'application/x-ndjson',
    });
    assert.deepEqual([loaded.status, loaded.body.accepted, loaded.body.rejected.length], [200, 1, 1]);
    assert.deepEqual((await query('medical-insurance', ['full_name'], { id_number: typo })).body.rows, []);
    assertProblem(await query('medical-insurance', ['full_name', 'shoe_size'], { id_number: typo }), 400, 'PLATFORM.VALIDATION');
    await call('medical-insurance', 'verify', { keys: { id_number: person.id_number }, values: { full_name: '张四' }, purpose: '核验' }, catalog.code);
    assertProblem(await query('tax', ['full_name']), 403, 'EXCHANGE.QUOTA_EXCEEDED');

    // The ways a personal value is typed into free text past a plain digit match: spaced,
    // dashed, full-width, with the country code, with a zero-width space, behind a label.
    const id = person.id_number;
    const fullWidth = (digits: string) => [...digits].map((d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)).join('');
    const bypasses = [
      `核验 ${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`,
      `核验 ${id.slice(0, 6)}-${id.slice(6, 14)}-${id.slice(14)}`,
      `核验 ${fullWidth(id)}`,
      `核验 ${id.slice(0, 9)}\u200B${id.slice(9)}`,
      `回访 ${person.mobile.slice(0, 3)}-${person.mobile.slice(3, 7)}-${person.mobile.slice(7)}`,
      `回访 +86 ${person.mobile}`,
      `姓名：${person.full_name}`,
    ];
    const dockingId = (
      await http<Reply<typeof DockingPage>>(platform.url, 'GET', `${base}/docking?catalog=${catalog.code}&department=MEDICAL_INSURANCE`, undefined, police)
    ).body.entries[0].id;
    const demand = demandBody(catalog.code, ['full_name']);
    for (const text of bypasses) {
      const refused = async (answer: HttpAnswer, field: string) =>
        assert.deepEqual(
          assertProblem(answer, 400, 'PLATFORM.VALIDATION').errors!.map((e) => e.field),
          [field],
          `${field}: ${text}`,
        );
      await refused(
        await call('medical-insurance', 'query', { keys: { id_number: person.id_number }, fields: ['full_name'], purpose: text }, catalog.code),
        'purpose',
      );
      for (const field of ['purpose', 'scenario', 'legalBasis'])
        await refused(await http(platform.url, 'POST', `${base}/demands`, { ...demand, [field]: text }, await headersOf('medical-insurance')), field);
      await refused(
        await http(platform.url, 'POST', `${base}/negative`, { catalogCode: catalog.code, field: 'mobile', legalBasis: text }, police),
        'legalBasis',
      );
      await refused(await http(platform.url, 'POST', `${base}/docking/${dockingId}/suspend`, { reason: text }, police), 'reason');
      await refused(await http(platform.url, 'POST', `${base}/catalogs/${catalog.code}/publish`, { revision: 0, legalBasis: text }, police), 'legalBasis');
    }
    // A request id that could hold an ID number is not kept: the gateway makes one up.
    const idAsRequestId = await http(
      platform.url,
      'POST',
      `/api/v1/data/${catalog.code}/query`,
      { keys: { id_number: id }, fields: ['full_name'], purpose: '核验' },
      { ...(await headersOf('medical-insurance')), 'x-request-id': id },
    );
    assert.equal(idAsRequestId.status, 200);
    assert.match(idAsRequestId.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
    const personal = [person.id_number, typo, person.full_name, '张四', person.mobile, '13800471999', person.bank_account, person.household_address];
    // Read as the rule reads: full-width as plain, invisible characters and separators gone.
    const plain = (text: string) => text.normalize('NFKC').replace(/\p{Cf}|[\s\-\u2010-\u2015\u2212._]/gu, '');

    const tables = await withClient(platform.db.url, async (client) => {
      const names = await client.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'exchange' AND table_type = 'BASE TABLE'",
      );
      const rows = new Map<string, string[]>();
      for (const { table_name: name } of names.rows)
        rows.set(
          name,
          (await client.query<{ row: string }>(`SELECT t::text AS row FROM exchange."${name}" t`)).rows.map((r) => r.row),
        );
      return rows;
    });
    assert.ok(
      ['resource_rows', 'resource_batches', 'call_audit', 'docking_entries', 'demands'].every((name) => tables.get(name)!.length > 0),
      'the scan reads the tables that hold rows',
    );
    for (const [name, rows] of tables) {
      for (const row of rows)
        for (const value of personal) assert.ok(!plain(row).includes(value), `exchange.${name} holds a personal value in clear: ${row.slice(0, 200)}`);
    }
    // Nor in the events the exchange published (its outbox is emptied into its stream).
    const nc = await platform.nats.connect();
    const events = (await readStream(nc, platform.prefix, 'exchange')).map((event) => JSON.stringify(event.envelope));
    await nc.drain();
    assert.ok(events.length > 0, 'the scan reads the published events');
    for (const event of events)
      for (const value of personal) assert.ok(!plain(event).includes(value), `an event holds a personal value in clear: ${event.slice(0, 200)}`);
    const lines = [platform.logs.gateway, platform.logs.exchange].flatMap((log) => log.lines()).map((line) => JSON.stringify(line));
    assert.ok(lines.length > 0, 'the scan reads log lines');
    for (const line of lines)
      for (const value of personal) assert.ok(!plain(line).includes(value), `a log line holds a personal value in clear: ${line.slice(0, 200)}`);
  });
});
