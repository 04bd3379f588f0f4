import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { demoApp, eventually, ExchangeBuilders, newCatalogBody, readStream } from '@igs/testing';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Catalog, CatalogPage, GuideCategoryList, GuideChangeResult, ImportResult } from '@igs/contracts';
import { assertProblem, http, type Reply } from './http.js';
import { startPlatform, type RunningPlatform } from './platform.js';
import { appToken, bearer, demoApps } from './tokens.js';

describe('data catalog: classification, rules, publication and bulk import', () => {
  let platform: RunningPlatform;
  let police: Record<string, string>;
  let health: Record<string, string>;
  let admin: Record<string, string>;
  let nc: NatsConnection;
  let build: ExchangeBuilders;
  const catalogs = '/api/v1/exchange/catalogs';

  before(async () => {
    platform = await startPlatform({ withItem: false, withExchange: true });
    police = bearer(await appToken(platform.issuer, demoApps.publicSecurity, 'exchange:read exchange:catalog'));
    health = bearer(await appToken(platform.issuer, demoApps.health, 'exchange:read exchange:catalog'));
    admin = bearer(await appToken(platform.issuer, demoApps.admin, 'exchange:read exchange:admin'));
    nc = await platform.nats.connect();
    const request = <T>(method: string, path: string, body?: unknown, headers?: Record<string, string>) => http<T>(platform.url, method, path, body, headers);
    build = new ExchangeBuilders(request, async (name, scopes) => bearer(await appToken(platform.issuer, demoApp(name), scopes)), police);
  });
  after(async () => {
    await nc?.drain();
    await platform?.stop();
  });

  it('creates a draft catalog with classified fields and publishes it, making its department responsible', async () => {
    const body = newCatalogBody();
    const created = await http<Reply<typeof Catalog>>(platform.url, 'POST', catalogs, body, police);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual([created.body.status, created.body.version, created.body.fields.length], ['draft', 1, 4]);
    assert.deepEqual(created.body.fields[0], body.fields[0]);
    assertProblem(await http(platform.url, 'POST', catalogs, body, police), 409, 'EXCHANGE.CATALOG_EXISTS');

    const published = await http<Reply<typeof Catalog>>(
      platform.url,
      'POST',
      `${catalogs}/${body.code}/publish`,
      { revision: 0, legalBasis: '《居民身份证法》' },
      police,
    );
    assert.equal(published.status, 200, JSON.stringify(published.body));
    assert.equal(published.body.status, 'published');
    assertProblem(
      await http(platform.url, 'POST', `${catalogs}/${body.code}/publish`, { revision: 1, legalBasis: '《居民身份证法》' }, police),
      409,
      'EXCHANGE.ALREADY_PUBLISHED',
    );
    const events = await eventually(async () => {
      const found = (await readStream(nc, platform.prefix, 'exchange')).filter((e) => (e.envelope.data as { code: string }).code === body.code);
      assert.equal(found.length, 1);
      return found;
    });
    assert.deepEqual(events[0].envelope.data, { code: body.code, version: 1, providerDepartment: 'PUBLIC_SECURITY', shareType: 'conditional' });
  });

  it('enforces the sharing rules, naming each field', async () => {
    const fields = newCatalogBody().fields;
    const core = { ...fields[0], name: 'fingerprint', category: 'PERSON.BIOMETRIC', grade: 4, piType: 'biometric' as const, policy: 'masked' as const };
    const plainPersonal = { ...fields[1], policy: 'plain' as const };
    const tooLow = { ...fields[0], name: 'passport_no', grade: 2 };
    const unknown = { ...fields[2], name: 'secret_thing', category: 'NOT.IN.GUIDE' };
    const answer = await http(
      platform.url,
      'POST',
      catalogs,
      newCatalogBody({ shareType: 'unconditional', keyFields: ['id_number', 'nope'], fields: [fields[0], core, plainPersonal, tooLow, unknown] }),
      police,
    );
    const problem = assertProblem(answer, 400, 'PLATFORM.VALIDATION');
    assert.deepEqual(
      problem.errors!.map((e) => e.field).sort(),
      ['fields[1].policy', 'fields[2].policy', 'fields[3].grade', 'fields[4].category', 'keyFields[1]'].sort(),
    );
    const conditional = await http(platform.url, 'POST', catalogs, newCatalogBody({ fields: [fields[0], plainPersonal] }), police);
    assert.equal(conditional.status, 201, 'a personal field may be plain in a conditional catalog');
  });

  it('lets a department describe only its own data, and every department read the catalog', async () => {
    assertProblem(await http(platform.url, 'POST', catalogs, newCatalogBody({ providerDepartment: 'PUBLIC_SECURITY' }), health), 403, 'AUTH.FORBIDDEN');
    const own = await build.draftCatalog();
    assertProblem(await http(platform.url, 'POST', `${catalogs}/${own.code}/publish`, { revision: 0, legalBasis: '越权发布' }, health), 403, 'AUTH.FORBIDDEN');
    const read = await http<Reply<typeof Catalog>>(platform.url, 'GET', `${catalogs}/${own.code}`, undefined, health);
    assert.equal(read.status, 200);
    assertProblem(await http(platform.url, 'GET', `${catalogs}/NO-SUCH-CATALOG`, undefined, health), 404, 'EXCHANGE.CATALOG_NOT_FOUND');
  });

  it('searches by keyword, provider, category, grade, share type and status, with totals', async () => {
    const tag = `检索${Date.now()}`;
    for (let i = 0; i < 3; i += 1)
      await build.draftCatalog({
        name: `${tag}目录${i}`,
        shareType: i === 2 ? 'unconditional' : 'conditional',
        fields: i === 2 ? [newCatalogBody().fields[2]] : newCatalogBody().fields,
        keyFields: i === 2 ? ['birth_date'] : ['id_number'],
      });
    const all = await http<Reply<typeof CatalogPage>>(platform.url, 'GET', `${catalogs}?q=${encodeURIComponent(tag)}&size=2`, undefined, health);
    assert.deepEqual([all.body.total, all.body.catalogs.length], [3, 2]);
    const counts = (
      await http<Reply<typeof CatalogPage>>(platform.url, 'GET', `${catalogs}?q=${encodeURIComponent(tag)}`, undefined, health)
    ).body.catalogs.map((c) => c.fieldCount);
    assert.deepEqual(counts.sort(), [1, 4, 4]);
    const graded = await http<Reply<typeof CatalogPage>>(
      platform.url,
      'GET',
      `${catalogs}?q=${encodeURIComponent(tag)}&category=PERSON.ID&grade=3`,
      undefined,
      health,
    );
    assert.equal(graded.body.total, 2);
    const open = await http<Reply<typeof CatalogPage>>(
      platform.url,
      'GET',
      `${catalogs}?q=${encodeURIComponent(tag)}&shareType=unconditional&provider=PUBLIC_SECURITY&status=draft`,
      undefined,
      health,
    );
    assert.equal(open.body.total, 1);
  });

  it('re-checks the catalogs a guide change affects, and refuses to publish a catalog that no longer complies', async () => {
    const body = newCatalogBody({
      fields: [{ name: 'plate', label: '号牌', type: 'string', category: 'GOV.SERVICE', grade: 1, piType: null, policy: 'plain' }],
      keyFields: ['plate'],
    });
    assert.equal((await http(platform.url, 'POST', catalogs, body, police)).status, 201);
    assertProblem(
      await http(platform.url, 'PUT', '/api/v1/exchange/guide/categories/GOV.SERVICE', { name: '政务服务办理信息', minGrade: 2 }, police),
      403,
      'AUTH.FORBIDDEN',
    );
    const changed = await http<Reply<typeof GuideChangeResult>>(
      platform.url,
      'PUT',
      '/api/v1/exchange/guide/categories/GOV.SERVICE',
      { name: '政务服务办理信息', minGrade: 2 },
      admin,
    );
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.ok(changed.body.catalogsNonCompliant.includes(body.code));
    assertProblem(
      await http(platform.url, 'POST', `${catalogs}/${body.code}/publish`, { revision: 0, legalBasis: '《道路交通安全法》' }, police),
      409,
      'EXCHANGE.RULE_VIOLATION',
    );
    const noncompliant = await eventually(async () => {
      const found = (await readStream(nc, platform.prefix, 'exchange')).filter(
        (e) => e.subject.endsWith('catalog.noncompliant') && (e.envelope.data as { code: string }).code === body.code,
      );
      assert.equal(found.length, 1);
      return found[0];
    });
    assert.match((noncompliant.envelope.data as { violations: string[] }).violations[0], /needs grade 2/);
    await http(platform.url, 'PUT', '/api/v1/exchange/guide/categories/GOV.SERVICE', { name: '政务服务办理信息', minGrade: 1 }, admin);
    assert.equal((await http(platform.url, 'POST', `${catalogs}/${body.code}/publish`, { revision: 0, legalBasis: '《道路交通安全法》' }, police)).status, 200);
    const guide = await http<Reply<typeof GuideCategoryList>>(platform.url, 'GET', '/api/v1/exchange/guide/categories', undefined, health);
    assert.ok(guide.body.categories.some((c) => c.code === 'PERSON.BIOMETRIC' && c.minGrade === 4));
  });

  it('imports NDJSON: every valid row stored, every bad row reported with its line, nothing half-written', async () => {
    const good = [newCatalogBody(), newCatalogBody(), newCatalogBody()];
    const badRule = newCatalogBody({ fields: [{ ...newCatalogBody().fields[0], grade: 4, policy: 'tokenised' }] });
    const lines = [
      JSON.stringify(good[0]),
      '{"code": "BROKEN",',
      JSON.stringify(badRule),
      '',
      JSON.stringify(good[1]),
      JSON.stringify({ ...good[2] }),
      JSON.stringify(good[2]),
      JSON.stringify(newCatalogBody({ providerDepartment: 'HEALTH' })),
    ];
    const answer = await http<Reply<typeof ImportResult>>(platform.url, 'POST', `${catalogs}/import`, lines.join('\n'), {
      ...police,
      'content-type': 'application/x-ndjson',
    });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.accepted, 3);
    assert.deepEqual(
      answer.body.rejected.map((r) => r.line),
      [2, 3, 7, 8],
    );
    assert.match(answer.body.rejected[1].reason, /grade-4/);
    assert.match(answer.body.rejected[2].reason, /earlier in the file/);
    assert.equal((await http(platform.url, 'GET', `${catalogs}/${badRule.code}`, undefined, police)).status, 404, 'a refused row leaves nothing behind');
    const stored = await http<Reply<typeof Catalog>>(platform.url, 'GET', `${catalogs}/${good[1].code}`, undefined, police);
    assert.equal(stored.body.fields.length, 4);
    const again = await http<Reply<typeof ImportResult>>(platform.url, 'POST', `${catalogs}/import`, JSON.stringify(good[0]), {
      ...police,
      'content-type': 'application/x-ndjson',
    });
    assert.deepEqual([again.body.accepted, again.body.rejected[0].reason], [0, 'a catalog with this code already exists']);
  });

  it('imports CSV with one row per field, reporting a bad field at its own line and rejecting the whole catalog', async () => {
    const header =
      'code,name,description,provider_department,source_system,share_type,open_type,update_frequency,key_fields,field_name,field_label,field_type,field_category,field_grade,field_pi_type,field_policy';
    const catalog = (code: string) => `${code},出生医学证明信息,,PUBLIC_SECURITY,出生登记系统,conditional,closed,daily,id_number`;
    const a = `CSV-A-${Date.now()}`;
    const b = `CSV-B-${Date.now()}`;
    const csv = [
      header,
      `${catalog(a)},id_number,身份号码,string,PERSON.ID,3,id_number,tokenised`,
      `${catalog(a)},birth_date,出生日期,date,PERSON.BASIC,2,,plain`,
      `${catalog(b)},id_number,身份号码,string,PERSON.ID,3,id_number,tokenised`,
      `${catalog(b)},fingerprint,指纹,string,PERSON.BIOMETRIC,4,biometric,plain`,
    ].join('\n');
    const answer = await http<Reply<typeof ImportResult>>(platform.url, 'POST', `${catalogs}/import`, csv, { ...police, 'content-type': 'text/csv' });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.accepted, 1);
    assert.deepEqual(
      answer.body.rejected.map((r) => [r.line, r.code]),
      [[5, b]],
    );
    assert.equal((await http<Reply<typeof Catalog>>(platform.url, 'GET', `${catalogs}/${a}`, undefined, police)).body.fields.length, 2);
    assert.equal((await http(platform.url, 'GET', `${catalogs}/${b}`, undefined, police)).status, 404);
    assertProblem(
      await http(platform.url, 'POST', `${catalogs}/import`, csv, { ...health, 'content-type': 'text/plain' }),
      415,
      'PLATFORM.UNSUPPORTED_MEDIA_TYPE',
    );
    assertProblem(await http(platform.url, 'POST', `${catalogs}/import`, csv, { 'content-type': 'text/csv' }), 401, 'AUTH.UNAUTHENTICATED');
  });
});
