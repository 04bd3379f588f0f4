#!/usr/bin/env node
// Re-wraps a service's stored keys under its current KEK, so the previous one can be retired:
//   npm run kek:rewrap -- identity     (IDENTITY_KEK, IDENTITY_KEK_ID, IDENTITY_KEK_PREVIOUS, DATABASE_URL)
//   npm run kek:rewrap -- exchange     (DATA_KEK, DATA_KEK_ID, DATA_KEK_PREVIOUS, DATABASE_URL)
// The same runs in the image as `node apps/<app>/dist/src/kek-rewrap.main.js`.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const apps = ['identity', 'exchange'];
const app = process.argv[2];
if (!apps.includes(app)) {
  console.error(`usage: npm run kek:rewrap -- <${apps.join(' | ')}>`);
  process.exit(2);
}
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = spawnSync(process.execPath, [join(root, 'apps', app, 'dist', 'src', 'kek-rewrap.main.js')], { stdio: 'inherit' });
process.exit(run.status ?? 1);
