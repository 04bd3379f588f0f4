// Re-wraps everything the exchange service stored under a KEK other than DATA_KEK (DATA_KEK_ID), with
// the same environment as the service: npm run kek:rewrap -- exchange, or in the image
// node apps/exchange/dist/src/kek-rewrap.main.js. Idempotent and resumable (k8s/README.md, "Rotating a KEK").
import { runCommand } from '@igs/platform';
import pg from 'pg';
import { loadExchangeConfig } from './config.js';
import { rewrapExchangeEnvelopes } from './resources/kek-rewrap.js';

runCommand('exchange kek:rewrap', async () => {
  const config = loadExchangeConfig();
  const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 1, application_name: 'igs-exchange-kek-rewrap' });
  try {
    const done = await rewrapExchangeEnvelopes(pool, config, (progress) => process.stderr.write(`${progress.column}: ${progress.rewrapped} re-wrapped\n`));
    return { kek: config.DATA_KEK_ID, rewrapped: done };
  } finally {
    await pool.end();
  }
});
