// Re-wraps everything the identity service stored under a KEK other than IDENTITY_KEK (IDENTITY_KEK_ID), with
// the same environment as the service: npm run kek:rewrap -- identity, or in the image
// node apps/identity/dist/src/kek-rewrap.main.js. Idempotent and resumable (k8s/README.md, "Rotating a KEK").
import { runCommand } from '@igs/platform';
import pg from 'pg';
import { loadIdentityConfig } from './config.js';
import { rewrapIdentityEnvelopes } from './keys/kek-rewrap.js';

runCommand('identity kek:rewrap', async () => {
  const config = loadIdentityConfig();
  const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 1, application_name: 'igs-identity-kek-rewrap' });
  try {
    const done = await rewrapIdentityEnvelopes(pool, config, (progress) => process.stderr.write(`${progress.column}: ${progress.rewrapped} re-wrapped\n`));
    return { kek: config.IDENTITY_KEK_ID, rewrapped: done };
  } finally {
    await pool.end();
  }
});
