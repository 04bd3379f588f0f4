import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, databaseEnv, loadConfig, platformEnv } from './load-config.js';

const env = platformEnv.extend(databaseEnv.shape);

describe(loadConfig.name, () => {
  it('fills in the defaults that work on a developer machine', () => {
    const config = loadConfig(env, {});
    assert.equal(config.NATS_URL, 'nats://127.0.0.1:4222');
    assert.equal(config.DATABASE_URL, 'postgres://postgres@127.0.0.1:5432/igs');
    assert.equal(config.SUBJECT_PREFIX, '');
    assert.equal(config.NATS_REQUEST_TIMEOUT_MS, 5000);
  });

  it('names every bad variable in one error', () => {
    assert.throws(
      () => loadConfig(env, { NATS_URL: 'http://x', DATABASE_URL: 'mysql://db', NATS_REQUEST_TIMEOUT_MS: 'soon', SUBJECT_PREFIX: 'a.b', LOG_LEVEL: 'loud' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        const named = error.problems.map((p) => p.split(' ')[0]).sort();
        assert.deepEqual(named, ['DATABASE_URL', 'LOG_LEVEL', 'NATS_REQUEST_TIMEOUT_MS', 'NATS_URL', 'SUBJECT_PREFIX']);
        assert.match(error.message, /NATS_URL is invalid: must be one or more comma-separated URLs starting with nats:\/\/ or tls:\/\//);
        return true;
      },
    );
  });

  it('treats an empty variable as unset and accepts a list of NATS servers', () => {
    const config = loadConfig(env, { SUBJECT_PREFIX: '', NATS_URL: 'nats://a:4222, nats://b:4222' });
    assert.equal(config.SUBJECT_PREFIX, '');
    assert.equal(config.NATS_URL, 'nats://a:4222, nats://b:4222');
  });
});
