import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually, newCatalogBody, readStream, withClient } from '@igs/testing';
import type { NatsConnection } from '@nats-io/transport-node';
import { assertProblem, http } from './http.js';
import { startPlatform, type RunningPlatform } from './platform.js';
import { appToken, bearer, demoApps, staffToken } from './tokens.js';

describe('sharing governance: demands, the docking and negative lists, and the figures', () => {
  let platform: RunningPlatform;
  let nc: NatsConnection;
  const auth: Record<string, Record<string, string>> = {};
  const catalog = newCatalogBody();
  const base = '/api/v1/exchange';
  const call = (who: string, method: string, path: string, body?: unknown) => http(platform.url, method, `${base}${path}`, body, auth[who]);
  const demand = (fields: string[], overrides: Record<string, unknown> = {}) => ({
    catalogCode: catalog.code,
    fields,
    purpose: '出生一件事联办核验',
    scenario: '新生儿落户时核验父母身份',
    legalBasis: '《国务院关于加快推进政务服务标准化规范化便利化的指导意见》',
    validFrom: '2026-12-01',
    validTo: '2027-11-30',
    expectedDailyVolume: 5000,
    ...overrides,
  });

  before(async () => {
    platform = await startPlatform({ withItem: false, withExchange: true });
    nc = await platform.nats.connect();
    const scope = 'exchange:read exchange:catalog exchange:approve';
    auth.policeApp = bearer(await appToken(platform.issuer, demoApps.publicSecurity, 'exchange:read exchange:catalog'));
    auth.healthApp = bearer(await appToken(platform.issuer, demoApps.health, 'exchange:read exchange:catalog'));
    auth.taxApp = bearer(await appToken(platform.issuer, demoApps.tax, 'exchange:read'));
    auth.policeApprover = bearer(await staffToken(platform.issuer, 'public-security.data', 'demo-public-security-data', scope));
    auth.healthApprover = bearer(await staffToken(platform.issuer, 'health.data', 'demo-health-data', scope));
    assert.equal((await call('policeApp', 'POST', '/catalogs', catalog)).status, 201);
    assert.equal((await call('policeApp', 'POST', `/catalogs/${catalog.code}/publish`, { revision: 0, legalBasis: '《居民身份证法》' })).status, 200);
  });
  after(async () => {
    await nc?.drain();
    await platform?.stop();
  });

  it("takes a demand for one app only when the app is the asking department's", async () => {
    const own = await call('healthApp', 'POST', '/demands', demand(['birth_date'], { consumerApp: demoApps.health.clientId }));
    assert.equal(own.status, 201, JSON.stringify(own.body));
    assert.equal(own.body.consumerApp, demoApps.health.clientId);
    for (const consumerApp of [demoApps.tax.clientId, 'no-such-app']) {
      const refused = assertProblem(
        await call('healthApp', 'POST', '/demands', demand(['birth_date'], { consumerApp })),
        409,
        'EXCHANGE.APP_NOT_OF_DEPARTMENT',
      );
      assert.match(refused.detail ?? '', new RegExp(`${consumerApp} is not an app of department HEALTH`));
    }
    const demands = await withClient(platform.db.url, (client) =>
      client.query("SELECT consumer_app FROM exchange.demands WHERE consumer_department = 'HEALTH' AND consumer_app IS NOT NULL"),
    );
    assert.deepEqual(
      demands.rows.map((row) => row.consumer_app),
      [demoApps.health.clientId],
      "no demand was kept for another department's app",
    );
    await call('healthApp', 'POST', `/demands/${own.body.id}/withdraw`, { reason: '测试完毕' });
  });

  it('takes a demand, keeps it between the two departments, and approves it into a docking entry', async () => {
    const asked = await call('healthApp', 'POST', '/demands', demand(['id_number', 'birth_date', 'full_name']));
    assert.equal(asked.status, 201, JSON.stringify(asked.body));
    assert.deepEqual(
      [asked.body.status, asked.body.consumerDepartment, asked.body.providerDepartment, asked.body.overdue],
      ['pending', 'HEALTH', 'PUBLIC_SECURITY', false],
    );
    const id = asked.body.id;

    assertProblem(await call('taxApp', 'GET', `/demands/${id}`), 404, 'EXCHANGE.DEMAND_NOT_FOUND');
    assert.equal((await call('taxApp', 'GET', '/demands')).body.total, 0, "a third department does not see others' demands");
    assert.equal((await call('policeApp', 'GET', `/demands/${id}`)).status, 200, 'the provider sees it');

    assertProblem(await call('healthApprover', 'POST', `/demands/${id}/approve`, { fields: ['id_number'], dailyQuota: 1000 }), 403, 'AUTH.FORBIDDEN');
    assertProblem(await call('policeApp', 'POST', `/demands/${id}/approve`, { fields: ['id_number'], dailyQuota: 1000 }), 403, 'AUTH.FORBIDDEN');
    assertProblem(
      await call('policeApprover', 'POST', `/demands/${id}/approve`, { fields: ['household_address'], dailyQuota: 1000 }),
      409,
      'EXCHANGE.FIELD_NOT_REQUESTED',
    );
    assertProblem(
      await call('policeApprover', 'POST', `/demands/${id}/approve`, { fields: ['id_number'], validTo: '2028-01-01', dailyQuota: 1000 }),
      409,
      'EXCHANGE.VALIDITY_EXTENDED',
    );

    const approved = await call('policeApprover', 'POST', `/demands/${id}/approve`, {
      fields: ['id_number', 'full_name'],
      validTo: '2027-06-30',
      dailyQuota: 2000,
      note: '姓名按脱敏规则提供',
    });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal(approved.body.status, 'approved');
    assert.deepEqual(
      approved.body.history.map((h: { status: string }) => h.status),
      ['pending', 'approved'],
    );
    assert.match(approved.body.history[1].by, /^staff:/, 'the history names who decided');
    const docking = (await call('taxApp', 'GET', `/docking?catalog=${catalog.code}`)).body.entries;
    assert.equal(docking.length, 1);
    assert.deepEqual(
      [docking[0].id, docking[0].fields, docking[0].validTo, docking[0].dailyQuota, docking[0].status],
      [approved.body.dockingId, ['id_number', 'full_name'], '2027-06-30', 2000, 'active'],
    );
    assertProblem(await call('policeApprover', 'POST', `/demands/${id}/approve`, { fields: ['id_number'], dailyQuota: 1 }), 409, 'EXCHANGE.INVALID_TRANSITION');
    assertProblem(await call('healthApp', 'POST', `/demands/${id}/withdraw`, { reason: '不再需要' }), 409, 'EXCHANGE.INVALID_TRANSITION');

    const events = await eventually(async () => {
      const found = (await readStream(nc, platform.prefix, 'exchange')).filter(
        (e) => (e.envelope.data as { id?: string; demandId?: string }).id === id || (e.envelope.data as { demandId?: string }).demandId === id,
      );
      assert.equal(found.length, 3);
      return found;
    });
    assert.deepEqual(
      events.map((e) => e.subject.split('.').slice(-2).join('.')),
      ['demand.requested', 'demand.approved', 'docking.approved'],
    );
  });

  it('lets the consumer withdraw, the provider reject, and refuses deciding a closed demand', async () => {
    const withdrawn = (await call('healthApp', 'POST', '/demands', demand(['birth_date']))).body.id;
    assertProblem(await call('policeApp', 'POST', `/demands/${withdrawn}/withdraw`, { reason: '不是我方' }), 403, 'AUTH.FORBIDDEN');
    assert.equal((await call('healthApp', 'POST', `/demands/${withdrawn}/withdraw`, { reason: '需求变更' })).body.status, 'withdrawn');
    assertProblem(
      await call('policeApprover', 'POST', `/demands/${withdrawn}/approve`, { fields: ['birth_date'], dailyQuota: 10 }),
      409,
      'EXCHANGE.INVALID_TRANSITION',
    );
    const rejected = (await call('healthApp', 'POST', '/demands', demand(['household_address']))).body.id;
    const answer = await call('policeApprover', 'POST', `/demands/${rejected}/reject`, { reason: '用途与申请不符' });
    assert.deepEqual([answer.body.status, answer.body.history[1].note], ['rejected', '用途与申请不符']);
  });

  it('refuses demands for what cannot be shared', async () => {
    assertProblem(await call('healthApp', 'POST', '/demands', demand(['no_such_field'])), 409, 'EXCHANGE.FIELD_NOT_IN_CATALOG');
    const draft = newCatalogBody();
    await call('policeApp', 'POST', '/catalogs', draft);
    assertProblem(await call('healthApp', 'POST', '/demands', { ...demand(['id_number']), catalogCode: draft.code }), 409, 'EXCHANGE.NOT_PUBLISHED');
    const closed = newCatalogBody({ shareType: 'not_shareable' });
    await call('policeApp', 'POST', '/catalogs', closed);
    await call('policeApp', 'POST', `/catalogs/${closed.code}/publish`, { revision: 0, legalBasis: '《反恐怖主义法》' });
    assertProblem(await call('healthApp', 'POST', '/demands', { ...demand(['id_number']), catalogCode: closed.code }), 409, 'EXCHANGE.NOT_SHAREABLE');
    assertProblem(
      await call('healthApp', 'POST', '/demands', demand(['id_number'], { validFrom: '2027-01-01', validTo: '2026-01-01' })),
      400,
      'PLATFORM.VALIDATION',
    );
    // Demands are kept and shown as written, so their text may not name a person.
    const naming = assertProblem(
      await call('healthApp', 'POST', '/demands', demand(['id_number'], { purpose: '核验150102199003071237的出生登记', scenario: '回访13800471001' })),
      400,
      'PLATFORM.VALIDATION',
    );
    assert.deepEqual(naming.errors!.map((e) => e.field).sort(), ['purpose', 'scenario']);
  });

  it('suspends, resumes and revokes docking entries, only by the provider and only from the right state', async () => {
    const id = (await call('healthApp', 'POST', '/demands', demand(['full_name']))).body.id;
    const dockingId = (await call('policeApprover', 'POST', `/demands/${id}/approve`, { fields: ['full_name'], dailyQuota: 100 })).body.dockingId;
    assertProblem(await call('healthApprover', 'POST', `/docking/${dockingId}/suspend`, { reason: '消费方不能暂停' }), 403, 'AUTH.FORBIDDEN');
    assert.equal((await call('policeApprover', 'POST', `/docking/${dockingId}/suspend`, { reason: '安全检查' })).body.status, 'suspended');
    assertProblem(await call('policeApprover', 'POST', `/docking/${dockingId}/suspend`, { reason: '再次暂停' }), 409, 'EXCHANGE.INVALID_TRANSITION');
    const namedReason = assertProblem(
      await call('policeApprover', 'POST', `/docking/${dockingId}/resume`, { reason: '经办人电话13800471001' }),
      400,
      'PLATFORM.VALIDATION',
    );
    assert.deepEqual(
      namedReason.errors!.map((e) => e.field),
      ['reason'],
    );
    assert.equal((await call('policeApprover', 'POST', `/docking/${dockingId}/resume`, { reason: '检查完毕' })).body.status, 'active');
    const revoked = await call('policeApprover', 'POST', `/docking/${dockingId}/revoke`, { reason: '协议终止' });
    assert.deepEqual([revoked.body.status, revoked.body.statusReason], ['revoked', '协议终止']);
    assertProblem(await call('policeApprover', 'POST', `/docking/${dockingId}/resume`, { reason: '恢复' }), 409, 'EXCHANGE.INVALID_TRANSITION');
    const history = (await call('healthApp', 'GET', `/docking/${dockingId}`)).body.history;
    assert.deepEqual(
      history.map((h: { status: string; note: string | null }) => [h.status, h.note]),
      [
        ['active', null],
        ['suspended', '安全检查'],
        ['active', '检查完毕'],
        ['revoked', '协议终止'],
      ],
    );
    assert.ok(
      history.every((h: { by: string; at: string }) => h.by.startsWith('staff:') && !Number.isNaN(Date.parse(h.at))),
      'each change names who and when',
    );
    await eventually(async () => {
      const subjects = (await readStream(nc, platform.prefix, 'exchange'))
        .filter((e) => (e.envelope.data as { id?: string }).id === dockingId)
        .map((e) => e.subject.split('.').slice(-1)[0]);
      assert.deepEqual(subjects, ['approved', 'suspended', 'resumed', 'revoked']);
    });
  });

  it('puts fields on the negative list, refusing demands for them and revoking approvals that cover them', async () => {
    assertProblem(
      await call('healthApprover', 'POST', '/negative', { catalogCode: catalog.code, field: 'birth_date', legalBasis: '《个人信息保护法》' }),
      403,
      'AUTH.FORBIDDEN',
    );
    const added = await call('policeApprover', 'POST', '/negative', {
      catalogCode: catalog.code,
      field: 'birth_date',
      legalBasis: '《个人信息保护法》第二十八条',
    });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    assertProblem(
      await call('policeApprover', 'POST', '/negative', { catalogCode: catalog.code, field: 'birth_date', legalBasis: '重复' }),
      409,
      'EXCHANGE.NEGATIVE_EXISTS',
    );
    assertProblem(await call('healthApp', 'POST', '/demands', demand(['birth_date'])), 403, 'EXCHANGE.NEGATIVE_LIST');

    const pending = (await call('healthApp', 'POST', '/demands', demand(['household_address']))).body.id;
    const covering = await call('policeApp', 'GET', `/docking?catalog=${catalog.code}&status=active`);
    assert.ok(covering.body.entries.some((e: { fields: string[] }) => e.fields.includes('id_number')));
    const idNumber = await call('policeApprover', 'POST', '/negative', {
      catalogCode: catalog.code,
      field: 'id_number',
      legalBasis: '《居民身份证法》第十九条',
    });
    assert.equal(idNumber.body.revokedDockings, 1);
    const after = await call('policeApp', 'GET', `/docking?catalog=${catalog.code}`);
    const entry = after.body.entries.find((e: { fields: string[] }) => e.fields.includes('id_number'));
    assert.deepEqual([entry.status, entry.statusReason.startsWith('negative list')], ['revoked', true]);
    await call('policeApprover', 'POST', '/negative', { catalogCode: catalog.code, field: 'household_address', legalBasis: '《个人信息保护法》' });
    assertProblem(
      await call('policeApprover', 'POST', `/demands/${pending}/approve`, { fields: ['household_address'], dailyQuota: 5 }),
      403,
      'EXCHANGE.NEGATIVE_LIST',
    );
    const announced = await eventually(async () => {
      const found = (await readStream(nc, platform.prefix, 'exchange')).filter((e) => e.subject.endsWith('.negative.added'));
      assert.equal(found.length, 3);
      return found;
    });
    assert.deepEqual((announced[1].envelope.data as { field: string; revokedDockings: number }).revokedDockings, 1);
    const negative = await call('taxApp', 'GET', `/negative?catalog=${catalog.code}`);
    assert.deepEqual(negative.body.entries.map((e: { field: string }) => e.field).sort(), ['birth_date', 'household_address', 'id_number']);
  });

  it('marks a demand unanswered for more working days than allowed as overdue, in the list and the figures', async () => {
    const id = (await call('healthApp', 'POST', '/demands', demand(['full_name']))).body.id;
    await withClient(platform.db.url, (client) => client.query(`UPDATE exchange.demands SET created_at = now() - interval '20 days' WHERE id = $1`, [id]));
    assert.equal((await call('policeApp', 'GET', `/demands/${id}`)).body.overdue, true);
    const stats = await call('taxApp', 'GET', '/stats');
    assert.equal(stats.status, 200);
    assert.ok(stats.body.demands.overdue >= 1);
    assert.ok(stats.body.demands.pending >= stats.body.demands.overdue);
    assert.equal(stats.body.negativeEntries, 3);
    assert.ok(stats.body.responsibilityEntries >= 2);
    assert.equal(stats.body.catalogs.byShareType.not_shareable, 1);
    assert.ok(stats.body.catalogs.byGrade['3'] >= 2, 'a catalog is graded by its highest field');
    assert.ok(stats.body.dockingEntries.total >= 2);
  });

  it('edits a draft catalog with optimistic locking, and retires a published one, revoking its approvals', async () => {
    const draft = newCatalogBody();
    await call('policeApp', 'POST', '/catalogs', draft);
    const edited = await call('policeApp', 'PATCH', `/catalogs/${draft.code}`, { revision: 0, name: '流动人口信息', fields: draft.fields.slice(0, 2) });
    assert.deepEqual([edited.status, edited.body.name, edited.body.fields.length, edited.body.revision], [200, '流动人口信息', 2, 1]);
    assertProblem(await call('policeApp', 'PATCH', `/catalogs/${draft.code}`, { revision: 0, name: '覆盖' }), 409, 'EXCHANGE.STALE_REVISION');
    assertProblem(await call('healthApp', 'PATCH', `/catalogs/${draft.code}`, { revision: 1, name: '越权' }), 403, 'AUTH.FORBIDDEN');
    assertProblem(
      await call('policeApp', 'PATCH', `/catalogs/${draft.code}`, { revision: 1, fields: [{ ...draft.fields[0], grade: 4 }] }),
      400,
      'PLATFORM.VALIDATION',
    );
    await call('policeApp', 'POST', `/catalogs/${draft.code}/publish`, { revision: 1, legalBasis: '《居住证暂行条例》' });
    assertProblem(await call('policeApp', 'PATCH', `/catalogs/${draft.code}`, { revision: 2, name: '已发布' }), 409, 'EXCHANGE.ALREADY_PUBLISHED');

    const approvedId = (await call('healthApp', 'POST', '/demands', { ...demand(['full_name']), catalogCode: draft.code })).body.id;
    const dockingId = (await call('policeApprover', 'POST', `/demands/${approvedId}/approve`, { fields: ['full_name'], dailyQuota: 10 })).body.dockingId;
    const pendingId = (await call('healthApp', 'POST', '/demands', { ...demand(['id_number']), catalogCode: draft.code })).body.id;
    const retired = await call('policeApp', 'POST', `/catalogs/${draft.code}/retire`, { reason: '系统下线' });
    assert.equal(retired.body.status, 'retired');
    const entry = (await call('policeApp', 'GET', `/docking?catalog=${draft.code}`)).body.entries.find((e: { id: string }) => e.id === dockingId);
    assert.equal(entry.status, 'revoked');
    const pending = await call('healthApp', 'GET', `/demands/${pendingId}`);
    assert.deepEqual([pending.body.status, pending.body.history.at(-1).note], ['rejected', 'catalog retired: 系统下线']);
    assertProblem(await call('healthApp', 'POST', '/demands', { ...demand(['full_name']), catalogCode: draft.code }), 409, 'EXCHANGE.NOT_PUBLISHED');
  });

  it('exports the three lists as CSV, every cell quoted and none a spreadsheet would run as a formula', async () => {
    const formula = await call(
      'healthApp',
      'POST',
      '/demands',
      demand(['full_name'], { purpose: '=HYPERLINK("http://example.invalid","查看")', legalBasis: '+1-1 依据' }),
    );
    assert.equal(formula.status, 201, JSON.stringify(formula.body));
    assert.equal((await call('policeApprover', 'POST', `/demands/${formula.body.id}/approve`, { fields: ['full_name'], dailyQuota: 10 })).status, 200);
    const docking = await fetch(`${platform.url}${base}/docking/export.csv`, { headers: auth.taxApp });
    assert.equal(docking.status, 200);
    assert.match(docking.headers.get('content-type') ?? '', /^text\/csv/);
    const text = (await docking.text()).replace(/^\uFEFF/, '');
    const lines = text.trim().split('\n');
    assert.equal(
      lines[0],
      '"id","catalogCode","providerDepartment","consumerDepartment","consumerApp","fields","purpose","legalBasis","validFrom","validTo","dailyQuota","status","statusReason","createdAt"',
    );
    assert.ok(lines.length >= 4);
    // OWASP CSV injection: a leading = + - @ is kept as text behind a single quote.
    assert.ok(text.includes('"\'=HYPERLINK(""http://example.invalid"",""查看"")"'), text);
    assert.ok(text.includes('"\'+1-1 依据"'), text);
    assert.doesNotMatch(text, /(^|,)"?[=+\-@]/m, 'no cell starts a formula');
    const responsibilities = await (await fetch(`${platform.url}${base}/responsibilities/export.csv`, { headers: auth.taxApp })).text();
    assert.ok(responsibilities.includes(catalog.code));
    assert.ok(responsibilities.includes('id_number;full_name;birth_date;household_address'));
    const negative = await (await fetch(`${platform.url}${base}/negative/export.csv`, { headers: auth.taxApp })).text();
    assert.equal(negative.trim().split('\n').length, 4);
    assert.equal((await fetch(`${platform.url}${base}/docking/export.csv`)).status, 401);
  });
});
