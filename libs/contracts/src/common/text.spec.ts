import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { z } from 'zod';
import { diagnosticsRequests, echoRoute } from '../diagnostics/echo.js';
import { exchangeEvents, exchangeRequests } from '../exchange/exchange.messages.js';
import { httpRoutes } from '../http/routes.js';
import { Problem } from '../http/problem.js';
import { identityEvents, identityRequests } from '../identity/identity.messages.js';
import { itemEvents, itemRequests } from '../item/item.messages.js';
import { Caller } from '../messaging/caller.js';
import { ErrorBody, EventEnvelope } from '../messaging/define.js';
import { keptText } from './kept-text.js';
import { pathName, schemaLeaves } from './schema-walk.js';
import { textKindOf, unstorableIn } from './text.js';

interface Place {
  where: string;
  schema: z.ZodType;
  /** Sent by a caller (a route's parts, a request's payload, the caller header), not answered. */
  input: boolean;
}

const requests = [
  ...Object.values(itemRequests),
  ...Object.values(identityRequests),
  ...Object.values(exchangeRequests),
  ...Object.values(diagnosticsRequests),
];
const events = [...Object.values(itemEvents), ...Object.values(identityEvents), ...Object.values(exchangeEvents)];
const places: Place[] = [
  ...[...httpRoutes, echoRoute].flatMap((route) =>
    (['params', 'query', 'body'] as const).flatMap((part) =>
      route[part] ? [{ where: `${route.operationId} ${part}`, schema: route[part], input: true }] : [],
    ),
  ),
  ...requests.flatMap((definition) => [
    { where: `${definition.subject} request`, schema: definition.request, input: true },
    { where: `${definition.subject} reply`, schema: definition.reply, input: false },
  ]),
  ...events.map((event) => ({ where: event.subject, schema: event.data, input: false })),
  { where: 'caller header', schema: Caller, input: true },
  { where: 'event envelope', schema: EventEnvelope, input: false },
  { where: 'error reply', schema: ErrorBody, input: false },
  { where: 'problem', schema: Problem, input: false },
];

/** String formats whose own pattern admits nothing but what they name. */
const strictFormats = new Set(['uuid', 'datetime', 'date']);
const formatOf = (schema: z.ZodType) => (schema._zod.def as { format?: string }).format;

const leaves = places.flatMap((place) => schemaLeaves(place.schema).strings.map((leaf) => ({ ...leaf, place, name: `${place.where} ${pathName(leaf.path)}` })));

describe('the strings of the contracts', () => {
  it('finds the strings of every route and message', () => {
    assert.ok(leaves.length > 300, `${leaves.length} strings`);
    assert.ok(leaves.some((leaf) => leaf.name === 'createCatalog body fields[0].label'));
    assert.ok(leaves.some((leaf) => leaf.name === 'queryData body keys.*'));
  });

  it('refuses, in every string of every contract, text PostgreSQL cannot store', () => {
    const unsafe: string[] = [];
    for (const leaf of leaves) {
      const format = formatOf(leaf.schema);
      const kind = textKindOf(leaf.schema);
      if (!kind && !(format && strictFormats.has(format))) unsafe.push(`${leaf.name}: not made by the text helpers`);
      for (const poison of ['ok\u0000ok', 'ok\uD800ok', 'ok\uDC00', 'ok\u0007ok']) {
        const result = leaf.schema.safeParse(poison);
        if (result.success) unsafe.push(`${leaf.name}: takes ${JSON.stringify(poison)}`);
        else if (kind && !result.error.issues.some((issue) => issue.message === unstorableIn(poison)))
          unsafe.push(`${leaf.name}: does not say why ${JSON.stringify(poison)} is refused`);
      }
    }
    assert.deepEqual(unsafe, []);
  });

  it('says of every string a caller sends what it holds, so free text cannot go unchecked', () => {
    const unsaid = leaves
      .filter((leaf) => leaf.place.input && !formatOf(leaf.schema) && !['code', 'kept', 'personal', 'secret', 'search'].includes(textKindOf(leaf.schema) ?? ''))
      .map((leaf) => leaf.name);
    assert.deepEqual(unsaid, []);
  });

  it('exempts from the personal-data rule only the reviewed strings that are personal by design, secret or never kept', () => {
    // Every other free text a caller sends is keptText. A string added here is a decision:
    // its service must tokenise or seal it (personal), hash it (secret) or not keep it (search).
    const exempt = [
      ...new Set(
        leaves
          .filter((leaf) => leaf.place.input && ['personal', 'secret', 'search'].includes(textKindOf(leaf.schema)!))
          .map((leaf) => `${textKindOf(leaf.schema)}: ${leaf.name}`),
      ),
    ].sort();
    assert.deepEqual(exempt, [
      'personal: exchange.v1.call.query request body.keys.*',
      'personal: exchange.v1.call.verify request body.keys.*',
      'personal: exchange.v1.call.verify request body.values.*',
      'personal: identity.v1.person.register request idNumber',
      'personal: identity.v1.person.register request mobile',
      'personal: identity.v1.person.register request name',
      'personal: identity.v1.registration.start request idNumber',
      'personal: identity.v1.registration.start request mobile',
      'personal: queryData body keys.*',
      'personal: registerPerson body idNumber',
      'personal: registerPerson body mobile',
      'personal: registerPerson body name',
      'personal: startRegistration body idNumber',
      'personal: startRegistration body mobile',
      'personal: verifyData body keys.*',
      'personal: verifyData body values.*',
      'search: exchange.v1.catalog.search request q',
      'search: exchange.v1.demand.list request q',
      'search: exchange.v1.docking.list request q',
      'search: exchange.v1.negative.list request q',
      'search: exchange.v1.responsibility.list request q',
      'search: item.v1.item.search request q',
      'search: listDemands query q',
      'search: listDocking query q',
      'search: listNegative query q',
      'search: listResponsibilities query q',
      'search: searchCatalogs query q',
      'search: searchItems query q',
      'secret: identity.v1.person.register request password',
      'secret: registerPerson body password',
    ]);
  });

  it('leaves open only the reviewed places that another schema reads later', () => {
    const opaque = [
      ...new Set(
        places.filter((place) => place.input).flatMap((place) => schemaLeaves(place.schema).opaque.map((leaf) => `${place.where} ${pathName(leaf.path)}`)),
      ),
    ].sort();
    assert.deepEqual(opaque, [
      // The benchmarks' echo: answered by a bare responder, never read or kept.
      'diagnostics.v1.echo request payload',
      'echo body payload',
      // Each row is parsed as CreateCatalogBody by the exchange, so a bad row is refused alone.
      'exchange.v1.catalog.import request rows[0].catalog',
      // Each value is read by its field's type (normalizeValue), which refuses unstorable text.
      'exchange.v1.resource.load request rows[0].values.*',
    ]);
  });
});

describe(keptText.name, () => {
  const rule = keptText(0, 500);
  const refusal = (text: string) => {
    const result = rule.safeParse(text);
    return result.success ? undefined : result.error.issues[0].message;
  };

  it('refuses personal values however they are typed', () => {
    const cases: [string, string][] = [
      ['核验150102199003071237', 'an ID number'],
      ['核验 15010219900307123x', 'an ID number'],
      ['150102 19900307 1237', 'an ID number'],
      ['150102-1990-0307-1237', 'an ID number'],
      ['１５０１０２１９９００３０７１２３７', 'an ID number'],
      ['150102\u200B199003071237', 'an ID number'],
      ['旧证 150102 900307 123', 'an ID number'],
      ['6222 0212 3456 7890 123', 'a bank card number'],
      ['退款至6222021234567890123', 'a bank card number'],
      ['编号 202401151234567890123', 'an ID or bank card number'],
      ['回访13800471001', 'a phone number'],
      ['138-0047-1001', 'a phone number'],
      ['138 0047 1001', 'a phone number'],
      ['+86 138 0047 1001', 'a phone number'],
      ['+8613800471001', 'a phone number'],
      ['0086-13800471001', 'a phone number'],
      ['１３８００４７１００１', 'a phone number'],
      ['姓名：张三', 'a name'],
      ['申请人: 李四，核验户籍', 'a name'],
      ['name: Zhang San', 'a name'],
      ['Full name = Li Si', 'a name'],
    ];
    for (const [text, kind] of cases) assert.equal(refusal(text), `must not hold ${kind}: it is kept as written and shown to others`, text);
  });

  it('keeps dates, case numbers, amounts, laws and field names', () => {
    for (const text of [
      '出生一件事核验',
      '2026年第3批核验，案卷号 QSL-20261127-0042',
      '有效期 2026-01-01 2030-12-31',
      '《中华人民共和国个人信息保护法》第十三条第一款',
      'GB/T 35273-2020',
      '国发〔2016〕55号',
      '核验姓名是否一致',
      '核验姓名、身份证号与手机号码',
      '每日 100000 次，合计 1,234,567 元',
      '版本 2024.01.15.1234',
    ]) {
      assert.equal(refusal(text), undefined, text);
    }
  });
});
