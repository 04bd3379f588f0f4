import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { makeTestCertificates } from '@igs/testing';
import { connect, nkeyAuthenticator } from '@nats-io/transport-node';
import { http } from './http.js';
import { startPlatform, type RunningPlatform } from './platform.js';
import { appToken, bearer, demoApps } from './tokens.js';

describe('the bus over TLS, with a CA of the deployment', () => {
  let platform: RunningPlatform;

  before(async () => {
    const certificates = makeTestCertificates();
    platform = await startPlatform({
      withItem: true,
      nats: { tls: { certFile: certificates.certFile, keyFile: certificates.keyFile, caFile: certificates.caFile } },
    });
  });
  after(() => platform?.stop());

  it('carries requests between the apps over TLS', async () => {
    const auth = bearer(await appToken(platform.issuer, demoApps.health, 'items:read'));
    const answer = await http(platform.url, 'GET', '/api/v1/items?department=HEALTH', undefined, auth);
    assert.equal(answer.status, 200);
    const nc = await platform.nats.connect('gateway');
    assert.equal(nc.info?.tls_required, true);
    await nc.close();
  });

  it('is not reached by a client that does not trust the CA, whatever its key', async () => {
    const seed = new TextEncoder().encode(platform.nats.seeds.gateway);
    await assert.rejects(connect({ servers: platform.nats.url, authenticator: nkeyAuthenticator(seed), reconnect: false, tls: {} }), /certificate/i);
  });
});
