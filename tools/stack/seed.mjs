// Loads the demo items through the gateway's public API, as a department system would:
// create each draft (with an Idempotency-Key) and publish it. Items already there are kept.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './infra.mjs';

export const demoItemsFile = join(root, 'deploy', 'demo', 'items.json');
export const demoRealmFile = join(root, 'deploy', 'demo', 'realm.json');

/** A client-credentials access token for a department app of any deployment. */
export async function appToken(issuer, clientId, clientSecret, scope) {
  const response = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope }),
  });
  const body = await response.json();
  if (response.status !== 200) throw new Error(`token for ${clientId}: ${response.status} ${JSON.stringify(body)}`);
  return body.access_token;
}

/** A client-credentials token for one of the demo realm's apps. */
export async function demoAppToken(issuer, clientId, scope) {
  const realm = JSON.parse(readFileSync(demoRealmFile, 'utf8'));
  const app = realm.apps.find((candidate) => candidate.clientId === clientId);
  return appToken(issuer, app.clientId, app.clientSecret, scope);
}

async function call(base, method, path, body, headers) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json', ...headers } : headers,
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: await response.json() };
}

/** Loads the items with the platform console app's token (it may edit every department's items). */
export async function seedDemoItems(base, issuer) {
  const auth = { authorization: `Bearer ${await demoAppToken(issuer, 'platform-admin', 'items:read items:write')}` };
  const items = JSON.parse(readFileSync(demoItemsFile, 'utf8'));
  const counts = { created: 0, existing: 0 };
  for (const item of items) {
    const path = `/api/v1/items/${encodeURIComponent(item.code)}`;
    if ((await call(base, 'GET', path, undefined, auth)).status === 200) {
      counts.existing += 1;
      continue;
    }
    const created = await call(base, 'POST', '/api/v1/items', item, { ...auth, 'idempotency-key': `demo-${item.code}` });
    if (created.status !== 201 && created.body?.code !== 'ITEM.ALREADY_EXISTS') {
      throw new Error(`demo item ${item.code}: ${created.status} ${JSON.stringify(created.body)}`);
    }
    // Read the draft again: a replayed create answers with the state of the first one.
    const draft = await call(base, 'GET', `${path}/versions/1`, undefined, auth);
    if (draft.body?.status === 'draft') {
      const published = await call(base, 'POST', `${path}/publish`, { revision: draft.body.revision }, auth);
      if (published.status !== 200) throw new Error(`publishing ${item.code}: ${published.status} ${JSON.stringify(published.body)}`);
    }
    counts.created += 1;
  }
  return { ...counts, total: items.length };
}

export const demoExchangeFile = join(root, 'deploy', 'demo', 'exchange.json');

/**
 * Loads the newborn departments' catalogs, approved docking entries between them, one
 * pending demand and one negative entry, each with the token of the department app that
 * would do it. What is already there is left alone.
 */
export async function seedDemoExchange(base, issuer) {
  const data = JSON.parse(readFileSync(demoExchangeFile, 'utf8'));
  const tokens = new Map();
  const as = async (clientId) => {
    if (!tokens.has(clientId))
      tokens.set(clientId, { authorization: `Bearer ${await demoAppToken(issuer, clientId, 'exchange:read exchange:catalog exchange:approve')}` });
    return tokens.get(clientId);
  };
  const counts = { catalogs: 0, demands: 0, negative: 0, rows: 0 };
  for (const { app, catalog, legalBasis } of data.catalogs) {
    const path = `/api/v1/exchange/catalogs/${encodeURIComponent(catalog.code)}`;
    const existing = await call(base, 'GET', path, undefined, await as(app));
    if (existing.status === 200 && existing.body.status === 'published') continue;
    if (existing.status === 404) {
      const created = await call(base, 'POST', '/api/v1/exchange/catalogs', catalog, await as(app));
      if (created.status !== 201) throw new Error(`demo catalog ${catalog.code}: ${created.status} ${JSON.stringify(created.body)}`);
    }
    const draft = await call(base, 'GET', path, undefined, await as(app));
    const published = await call(base, 'POST', `${path}/publish`, { revision: draft.body.revision, legalBasis }, await as(app));
    if (published.status !== 200) throw new Error(`publishing ${catalog.code}: ${published.status} ${JSON.stringify(published.body)}`);
    counts.catalogs += 1;
  }
  for (const { app, demand, approve } of data.demands) {
    const mine = await call(base, 'GET', `/api/v1/exchange/demands?catalog=${encodeURIComponent(demand.catalogCode)}&size=100`, undefined, await as(app));
    const consumer = data.catalogs.find((c) => c.app === app)?.catalog.providerDepartment;
    if (mine.body.demands.some((d) => d.consumerDepartment === consumer)) continue;
    const asked = await call(base, 'POST', '/api/v1/exchange/demands', demand, await as(app));
    if (asked.status !== 201) throw new Error(`demo demand on ${demand.catalogCode}: ${asked.status} ${JSON.stringify(asked.body)}`);
    if (approve) {
      const { app: approver, ...decision } = approve;
      const approved = await call(base, 'POST', `/api/v1/exchange/demands/${asked.body.id}/approve`, decision, await as(approver));
      if (approved.status !== 200) throw new Error(`approving the demand on ${demand.catalogCode}: ${approved.status} ${JSON.stringify(approved.body)}`);
    }
    counts.demands += 1;
  }
  for (const { app, entry } of data.negative) {
    const added = await call(base, 'POST', '/api/v1/exchange/negative', entry, await as(app));
    if (added.status === 201) counts.negative += 1;
    else if (added.body?.code !== 'EXCHANGE.NEGATIVE_EXISTS') throw new Error(`demo negative entry: ${added.status} ${JSON.stringify(added.body)}`);
  }
  // Rows are upserted by their key, so loading them again changes nothing.
  for (const { app, catalogCode, sourceSystem, rows } of data.resources ?? []) {
    const response = await fetch(`${base}/api/v1/exchange/catalogs/${encodeURIComponent(catalogCode)}/resource`, {
      method: 'POST',
      headers: { ...(await as(app)), 'content-type': 'application/x-ndjson', 'x-source-system': sourceSystem },
      body: rows.map((row) => JSON.stringify(row)).join('\n'),
    });
    const loaded = await response.json();
    if (response.status !== 200 || loaded.rejected.length > 0) throw new Error(`demo rows of ${catalogCode}: ${response.status} ${JSON.stringify(loaded)}`);
    counts.rows += loaded.accepted;
  }
  return counts;
}
