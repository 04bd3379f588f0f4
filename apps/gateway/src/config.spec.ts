import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '@igs/platform';
import { loadGatewayConfig } from './config.js';

describe(loadGatewayConfig.name, () => {
  it('has the access log on, unsampled, and the health port on 8080 by default', () => {
    const config = loadGatewayConfig({});
    assert.equal(config.ACCESS_LOG, 'on');
    assert.equal(config.ACCESS_LOG_SAMPLE, 1);
    assert.equal(config.HEALTH_PORT, 8080);
    assert.equal(config.HEALTH_HOST, '127.0.0.1');
  });

  it('takes a sampling fraction and the access log turned off', () => {
    const config = loadGatewayConfig({ ACCESS_LOG: 'off', ACCESS_LOG_SAMPLE: '0.05', HEALTH_PORT: '9090' });
    assert.deepEqual([config.ACCESS_LOG, config.ACCESS_LOG_SAMPLE, config.HEALTH_PORT], ['off', 0.05, 9090]);
  });

  it('refuses a fraction outside 0..1, a word other than on or off, and a bad port, naming each', () => {
    assert.throws(
      () => loadGatewayConfig({ ACCESS_LOG: 'yes', ACCESS_LOG_SAMPLE: '5', HEALTH_PORT: '70000' }),
      (error: unknown) =>
        error instanceof ConfigError &&
        ['ACCESS_LOG is invalid', 'ACCESS_LOG_SAMPLE is invalid', 'HEALTH_PORT is invalid'].every((start) =>
          error.problems.some((problem) => problem.startsWith(start)),
        ),
    );
    assert.throws(() => loadGatewayConfig({ ACCESS_LOG_SAMPLE: 'half' }), /ACCESS_LOG_SAMPLE is invalid/);
  });
});
