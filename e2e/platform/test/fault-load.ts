import assert from 'node:assert/strict';
import { demandBody, newCatalogBody, withClient } from '@igs/testing';
import { http } from './http.js';
import type { RunningPlatform } from './platform.js';
import { appToken, bearer } from './tokens.js';

/** One answer of a load run: what was asked, when, and what came back. */
export interface Answered {
  id: string;
  label: string;
  status: number;
  code?: string;
  retryAfter: string | null;
  sentAt: number;
  ms: number;
}

export interface RequestSpec {
  label: string;
  id: string;
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * `clients` callers sending requests back to back (the next one once the last is answered)
 * until stopped, keeping every answer; a request gets at most `timeoutMs`.
 */
export function runLoad(base: string, clients: number, next: (n: number) => RequestSpec, timeoutMs = 10_000) {
  const answers: Answered[] = [];
  let running = true;
  let counter = 0;
  const client = async () => {
    while (running) {
      const spec = next(++counter);
      const sentAt = Date.now();
      const answer = await fetch(`${base}${spec.path}`, {
        method: spec.method ?? 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': spec.id, ...spec.headers },
        body: spec.body,
        signal: AbortSignal.timeout(timeoutMs),
      }).then(
        async (response) => {
          const text = await response.text();
          const code = response.headers.get('content-type')?.startsWith('application/problem+json') ? (JSON.parse(text) as { code?: string }).code : undefined;
          return { status: response.status, code, retryAfter: response.headers.get('retry-after') };
        },
        () => ({ status: 0, code: undefined, retryAfter: null }),
      );
      answers.push({ id: spec.id, label: spec.label, ...answer, sentAt, ms: Date.now() - sentAt });
    }
  };
  const all = Promise.all(Array.from({ length: clients }, client));
  return {
    answers,
    async stop(): Promise<Answered[]> {
      running = false;
      await all;
      return answers;
    },
  };
}

/** A data call of one key and one field, with its own request id. */
export function dataCall(catalogCode: string, auth: Record<string, string>, id: string, label = 'data call'): RequestSpec {
  return {
    label,
    id,
    path: `/api/v1/data/${catalogCode}/query`,
    headers: auth,
    body: JSON.stringify({ keys: { id_number: sharedPerson.id_number }, fields: ['full_name'], purpose: '故障下核验' }),
  };
}

export const sharedPerson = { id_number: '150102199003071237', full_name: '张三', birth_date: '1990-03-07', household_address: '呼和浩特市示例路1号' };

/**
 * A published catalog with one row, provided by public security, and a docking entry for
 * each consumer named (a large quota): what the fault tests call.
 */
export async function sharedCatalog(platform: RunningPlatform, consumers: string[]) {
  const app = (name: string) => ({ clientId: `${name}-system`, secret: `demo-secret-${name}-change-me` });
  const scope = 'exchange:read exchange:catalog exchange:approve data:call';
  const police = bearer(await appToken(platform.issuer, app('public-security'), scope));
  const catalog = newCatalogBody();
  const base = '/api/v1/exchange';
  assert.equal((await http(platform.url, 'POST', `${base}/catalogs`, catalog, police)).status, 201);
  assert.equal(
    (await http(platform.url, 'POST', `${base}/catalogs/${catalog.code}/publish`, { revision: 0, legalBasis: '《居民身份证法》' }, police)).status,
    200,
  );
  const loaded = await http(platform.url, 'POST', `${base}/catalogs/${catalog.code}/resource`, JSON.stringify(sharedPerson), {
    ...police,
    'content-type': 'application/x-ndjson',
  });
  assert.equal(loaded.body.accepted, 1, JSON.stringify(loaded.body));
  const tokens: Record<string, Record<string, string>> = { police };
  const docking: Record<string, string> = {};
  for (const consumer of consumers) {
    tokens[consumer] = bearer(await appToken(platform.issuer, app(consumer), scope));
    const demand = await http(
      platform.url,
      'POST',
      `${base}/demands`,
      demandBody(catalog.code, ['full_name', 'birth_date'], { legalBasis: '《个人信息保护法》', expectedDailyVolume: 100000 }),
      tokens[consumer],
    );
    assert.equal(demand.status, 201, JSON.stringify(demand.body));
    const approved = await http(
      platform.url,
      'POST',
      `${base}/demands/${demand.body.id}/approve`,
      { fields: ['full_name', 'birth_date'], dailyQuota: 10_000_000 },
      police,
    );
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    docking[consumer] = approved.body.dockingId as string;
  }
  return { catalog, tokens, docking };
}

/** The audit records of the calls whose request ids start with `prefix`: how many each, and the outcome. */
export async function auditRecords(databaseUrl: string, prefix: string): Promise<Map<string, { n: number; outcome: string; at: number }>> {
  const { rows } = await withClient(databaseUrl, (client) =>
    client.query(
      `SELECT request_id, count(*)::int AS n, min(coalesce(denial_code, outcome)) AS outcome, (extract(epoch FROM max(at)) * 1000)::float8 AS at FROM exchange.call_audit WHERE request_id LIKE $1 GROUP BY request_id`,
      [`${prefix}%`],
    ),
  );
  return new Map(rows.map((row) => [row.request_id as string, { n: row.n as number, outcome: row.outcome as string, at: row.at as number }]));
}

/** Every data call answered 200 has exactly one audit record, and no call has two. */
export function assertOneRecordPerAnsweredCall(answers: Answered[], records: Map<string, { n: number }>): void {
  for (const answer of answers) {
    if (answer.label === 'data call' && answer.status === 200)
      assert.equal(records.get(answer.id)?.n, 1, `call ${answer.id} was answered 200 and has exactly one audit record`);
  }
  assert.ok(
    [...records.values()].every(({ n }) => n === 1),
    'no call has two records',
  );
}

/** Counts of the answers by label and status, for messages. */
export function tally(answers: Answered[]): string {
  const counts = new Map<string, number>();
  for (const { label, status, code } of answers) {
    const key = `${label} ${status}${code ? ` ${code}` : ''}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, n]) => `${key}: ${n}`).join('; ');
}
