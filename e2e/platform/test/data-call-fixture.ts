import assert from 'node:assert/strict';
import { demandBody, newCatalogBody } from '@igs/testing';
import { http, type HttpAnswer } from './http.js';
import type { RunningPlatform } from './platform.js';
import { appToken, bearer } from './tokens.js';

const app = (name: string) => ({ clientId: `${name}-system`, secret: `demo-secret-${name}-change-me` });
const base = '/api/v1/exchange';

export interface DataCallFixture {
  catalogCode: string;
  /** The one row loaded: an ID number among its keys, so tests can look for it where it must not be. */
  person: { id_number: string; full_name: string };
  auth: Record<'police' | 'health' | 'tax', Record<string, string>>;
  /** The bearer tokens themselves, to look for where they must not be. */
  tokens: string[];
  query(who: 'health' | 'tax', options?: { catalogCode?: string; purpose?: string }): Promise<HttpAnswer>;
  /** Approves a demand of `consumer`: the answer's x-trace-id is the trace of the approval. */
  dock(consumer: 'health' | 'tax'): Promise<HttpAnswer>;
}

/**
 * A published catalog of people with one row loaded, docked for the health department
 * only: a query by health is answered, one by tax is denied (no docking).
 */
export async function dataCallFixture(platform: RunningPlatform): Promise<DataCallFixture> {
  const catalog = newCatalogBody({
    keyFields: ['id_number'],
    fields: [
      { name: 'id_number', label: '身份号码', type: 'string', category: 'PERSON.ID', grade: 3, piType: 'id_number', policy: 'tokenised' },
      { name: 'full_name', label: '姓名', type: 'string', category: 'PERSON.BASIC', grade: 2, piType: 'name', policy: 'masked' },
    ],
  });
  const person = { id_number: '150102199003071237', full_name: '张三' };
  const scope = 'exchange:read exchange:catalog exchange:approve data:call';
  const tokens: string[] = [];
  const authOf = async (name: string) => {
    const headers = bearer(await appToken(platform.issuer, app(name), scope));
    tokens.push(headers.authorization.slice('Bearer '.length));
    return headers;
  };
  const auth = { police: await authOf('public-security'), health: await authOf('health'), tax: await authOf('tax') };
  assert.equal((await http(platform.url, 'POST', `${base}/catalogs`, catalog, auth.police)).status, 201);
  assert.equal(
    (await http(platform.url, 'POST', `${base}/catalogs/${catalog.code}/publish`, { revision: 0, legalBasis: '《居民身份证法》' }, auth.police)).status,
    200,
  );
  const loaded = await http(platform.url, 'POST', `${base}/catalogs/${catalog.code}/resource`, JSON.stringify(person), {
    ...auth.police,
    'content-type': 'application/x-ndjson',
    'x-source-system': 'ps-population-db',
  });
  assert.equal(loaded.body.accepted, 1);
  const dock = async (consumer: 'health' | 'tax') => {
    const fields = ['id_number', 'full_name'];
    const asked = await http(platform.url, 'POST', `${base}/demands`, demandBody(catalog.code, fields), auth[consumer]);
    assert.equal(asked.status, 201, JSON.stringify(asked.body));
    const approved = await http(platform.url, 'POST', `${base}/demands/${asked.body.id}/approve`, { fields, dailyQuota: 1000 }, auth.police);
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    return approved;
  };
  await dock('health');
  const query = async (who: 'health' | 'tax', { catalogCode = catalog.code, purpose = '出生一件事核验' } = {}) => {
    const body = { keys: { id_number: person.id_number }, fields: ['full_name'], purpose };
    // The docking just approved reaches the exchange's copy by an event: a denied first try is retried.
    for (let attempt = 0; ; attempt += 1) {
      const answer = await http(platform.url, 'POST', `/api/v1/data/${catalogCode}/query`, body, auth[who]);
      if (who === 'tax' || catalogCode !== catalog.code || answer.status !== 403 || attempt > 50) return answer;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return { catalogCode: catalog.code, person, auth, tokens, query, dock };
}
