// Loads the demo items through the gateway's public API, as a department system would:
// create each draft (with an Idempotency-Key) and publish it. Items already there are kept.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './infra.mjs';

export const demoItemsFile = join(root, 'deploy', 'demo', 'items.json');

async function call(base, method, path, body, headers = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json', ...headers } : headers,
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: await response.json() };
}

export async function seedDemoItems(base) {
  const items = JSON.parse(readFileSync(demoItemsFile, 'utf8'));
  const counts = { created: 0, existing: 0 };
  for (const item of items) {
    const path = `/api/v1/items/${encodeURIComponent(item.code)}`;
    if ((await call(base, 'GET', path)).status === 200) {
      counts.existing += 1;
      continue;
    }
    const created = await call(base, 'POST', '/api/v1/items', item, { 'idempotency-key': `demo-${item.code}` });
    if (created.status !== 201 && created.body?.code !== 'ITEM.ALREADY_EXISTS') {
      throw new Error(`demo item ${item.code}: ${created.status} ${JSON.stringify(created.body)}`);
    }
    // Read the draft again: a replayed create answers with the state of the first one.
    const draft = await call(base, 'GET', `${path}/versions/1`);
    if (draft.body?.status === 'draft') {
      const published = await call(base, 'POST', `${path}/publish`, { revision: draft.body.revision });
      if (published.status !== 200) throw new Error(`publishing ${item.code}: ${published.status} ${JSON.stringify(published.body)}`);
    }
    counts.created += 1;
  }
  return { ...counts, total: items.length };
}
