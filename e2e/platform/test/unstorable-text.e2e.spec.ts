import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  busAccess,
  busApps,
  calendarRequests,
  exchangeRequests,
  httpRoutes,
  identityRequests,
  itemRequests,
  schemaLeaves,
  systemCaller,
  textKindOf,
  type Caller,
  unstorableIn,
  type PathStep,
  type SchemaLeaf,
  type RequestDefinition,
  type RouteDefinition,
} from '@igs/contracts';
import { RemoteError } from '@igs/platform';
import { createTestBus, memoryLogger } from '@igs/testing';
import { SignInFlow } from './browser.js';
import { http } from './http.js';
import { demoRealmFile, startPlatform, type RunningPlatform } from './platform.js';
import { appToken, bearer, demoApps } from './tokens.js';

const realm = JSON.parse(readFileSync(demoRealmFile, 'utf8')) as { persons: { idNumber: string; password: string; mobile: string; assuranceLevel: number }[] };

/** Text PostgreSQL cannot store: NUL, a lone surrogate (JSON carries it as "\ud800"), a stray control. */
const bodyPoisons = ['ok\u0000ok', 'ok\uD800ok', 'ok\u001Bok'];
/** A URL carries no lone surrogate: NUL and a control, percent-encoded. */
const urlPoisons = ['ok\u0000ok', 'ok\u001Bok'];

/** A value holding `text` at `path` and nothing else, and the field name a validation error gives it. */
function poisoned(path: PathStep[], text: string): { value: unknown; field: string } {
  if (path.length === 0) return { value: text, field: '' };
  const [step, ...rest] = path;
  if ('recordKey' in step) return { value: { [text]: 'x' }, field: `.${text}` };
  const inner = poisoned(rest, text);
  if ('element' in step) return { value: [inner.value], field: `[0]${inner.field}` };
  const key = 'recordValue' in step ? 'poisoned_key' : step.key === '*' ? 'poisoned_member' : step.key;
  return { value: { [key]: inner.value }, field: `.${key}${inner.field}` };
}
const fieldName = (field: string) => field.replace(/^\./, '');
/** The message naming the field; a UUID, a date or a time refuses by its own format, with its own message. */
const says = (leaf: SchemaLeaf, text: string) => {
  if (textKindOf(leaf.schema) === undefined) return () => true;
  const message = `${leaf.path.some((step) => 'recordKey' in step) ? 'the key ' : ''}${unstorableIn(text)}`;
  return (said: string) => said === message;
};

/**
 * Every text a caller can send, at every route of the gateway and every subject of the
 * services, generated from the contracts: each is refused with 400 naming the field, never
 * stored half-way or answered 500.
 */
describe('text PostgreSQL cannot store, in every field of every route and subject', () => {
  let platform: RunningPlatform;
  const tokens: Record<'admin' | 'department' | 'person', Record<string, string>> = { admin: {}, department: {}, person: {} };
  const adminScopes = new Set(['identity:admin', 'items:read', 'items:write', 'exchange:read', 'exchange:catalog', 'exchange:admin', 'calendar:write']);

  before(async () => {
    platform = await startPlatform({ withExchange: true, gatewayEnv: { RATE_LIMIT_USER_PER_SECOND: '1000', RATE_LIMIT_ANONYMOUS_PER_SECOND: '1000' } });
    tokens.admin = bearer(await appToken(platform.issuer, demoApps.admin, [...adminScopes].join(' ')));
    tokens.department = bearer(await appToken(platform.issuer, demoApps.health, 'items:read exchange:read exchange:catalog exchange:approve data:call'));
    // A person signed in with both factors (acr 3), for the routes that ask for it.
    const person = realm.persons.find((p) => p.assuranceLevel >= 3)!;
    const flow = await new SignInFlow(platform.issuer).start('openid items:read', { acr_values: '3 4' });
    await flow.submit('login', { login: person.idNumber, password: person.password });
    await flow.submit('step-up/sms-code', {});
    const code = /(\d{6})/.exec(platform.sms.sent.filter((sms) => sms.mobile === person.mobile).at(-1)?.text ?? '')?.[1] ?? '';
    await flow.submit('step-up/sms', { code });
    tokens.person = bearer((await flow.tokens()).access_token);
  });
  after(() => platform?.stop());

  const tokenFor = (route: RouteDefinition) => {
    if ('public' in route.access) return {};
    if (route.access.minAcr) return tokens.person;
    return route.access.scopes.every((scope) => adminScopes.has(scope)) ? tokens.admin : tokens.department;
  };

  it('answers 400 naming the field, at every route, for every path parameter, query parameter and text of the body', { timeout: 60_000 }, async () => {
    const wrong: string[] = [];
    let sent = 0;
    for (const route of httpRoutes) {
      const send = async (location: 'path' | 'query' | 'body', leaf: SchemaLeaf, text: string) => {
        const { value, field } = poisoned(leaf.path, text);
        const param = location === 'path' ? (leaf.path[0] as { key: string }).key : undefined;
        let url = route.path.replace(/\{([A-Za-z0-9_]+)\}/g, (_, name: string) => (name === param ? encodeURIComponent(text) : 'ok1'));
        if (location === 'query') url += `?${new URLSearchParams(value as Record<string, string>).toString()}`;
        const answer = await http(platform.url, route.method, url, location === 'body' ? value : undefined, tokenFor(route));
        sent += 1;
        const named = (answer.body?.errors ?? []).some(
          (e: { in: string; field: string; message: string }) => e.in === location && e.field === fieldName(field) && says(leaf, text)(e.message),
        );
        if (answer.status !== 400 || answer.body?.code !== 'PLATFORM.VALIDATION' || !named) {
          wrong.push(
            `${route.method} ${route.path} ${location} ${fieldName(field)} ${JSON.stringify(text)}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`,
          );
        }
      };
      for (const [part, location, poisons] of [
        ['params', 'path', urlPoisons],
        ['query', 'query', urlPoisons],
        ['body', 'body', bodyPoisons],
      ] as const) {
        const schema = route[part];
        if (!schema) continue;
        for (const leaf of schemaLeaves(schema).strings) for (const text of poisons) await send(location, leaf, text);
      }
    }
    assert.ok(sent > 300, `${sent} requests`);
    assert.deepEqual(wrong, []);
  });

  it('answers PLATFORM.VALIDATION naming the field, on every subject a service answers, to a message sent past the gateway', { timeout: 60_000 }, async () => {
    // Each subject is sent by an app the bus lets send it, as a caller that app may assert:
    // the gateway speaks for a department app, any other app only for itself.
    const buses = new Map(
      await Promise.all(busApps.map(async (app) => [app, await createTestBus(platform.nats, memoryLogger(`hostile-${app}`).logger, app)] as const)),
    );
    const close = () => Promise.all([...buses.values()].map((bus) => bus.close()));
    const senderOf = (subject: string) => busApps.find((app) => busAccess[app].requests.includes(subject));
    const callerOf = (app: string): Caller =>
      app === 'gateway' ? { subject: 'app:health-system', type: 'app', appId: 'health-system', departmentCode: 'HEALTH', scopes: [] } : systemCaller(app);
    const wrong: string[] = [];
    let sent = 0;
    try {
      const definitions: RequestDefinition[] = [
        ...Object.values(itemRequests),
        ...Object.values(calendarRequests),
        ...Object.values(identityRequests),
        ...Object.values(exchangeRequests),
      ];
      for (const definition of definitions) {
        for (const leaf of schemaLeaves(definition.request).strings) {
          for (const text of bodyPoisons) {
            const { value, field } = poisoned(leaf.path, text);
            sent += 1;
            const sender = senderOf(definition.subject);
            assert.ok(sender, `no app sends ${definition.subject}`);
            const error = await buses
              .get(sender)!
              .bus.request(definition, value as never, callerOf(sender))
              .then(
                () => undefined,
                (e: unknown) => e,
              );
            const named =
              error instanceof RemoteError &&
              ((error.details as { errors?: { in: string; field: string; message: string }[] })?.errors ?? []).some(
                (e) => e.in === 'message' && e.field === fieldName(field) && says(leaf, text)(e.message),
              );
            if (!(error instanceof RemoteError) || error.code !== 'PLATFORM.VALIDATION' || !named)
              wrong.push(
                `${definition.subject} ${fieldName(field)} ${JSON.stringify(text)}: ${error instanceof RemoteError ? `${error.code} ${JSON.stringify(error.details)}` : String(error)}`,
              );
          }
        }
      }
    } finally {
      await close();
    }
    assert.ok(sent > 300, `${sent} messages`);
    assert.deepEqual(wrong, []);
  });
});
