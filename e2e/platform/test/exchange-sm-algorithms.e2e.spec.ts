import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { keyedToken } from '@igs/crypto';
import { demandBody, eventually, newCatalogBody, withClient } from '@igs/testing';
import { http } from './http.js';
import { startPlatform, type RunningPlatform } from './platform.js';
import { appToken, bearer, demoApps } from './tokens.js';

// A province that must use the national algorithms configures them; the same load and call
// paths then tokenise with HMAC-SM3 and seal with SM4, on the load's worker threads too.
describe('data resources and calls with the SM3 and SM4 algorithms', () => {
  let platform: RunningPlatform;
  const tokenKey = randomBytes(32);
  const catalog = newCatalogBody();
  const person = { id_number: '150102199003071237', full_name: '张三', birth_date: '1990-03-07', household_address: '呼和浩特市新城区示例路1号' };
  const auth: Record<string, Record<string, string>> = {};
  const base = '/api/v1/exchange';

  before(async () => {
    platform = await startPlatform({
      withItem: false,
      withExchange: true,
      exchangeEnv: {
        DATA_TOKEN_KEY: tokenKey.toString('base64'),
        DATA_TOKEN_ALGORITHM: 'hmac-sm3',
        DATA_ENVELOPE_ALGORITHM: 'sm4-ctr-hmac-sm3',
        RESOURCE_WORKERS: '1',
      },
    });
    auth.police = bearer(await appToken(platform.issuer, demoApps.publicSecurity, 'exchange:read exchange:catalog exchange:approve'));
    auth.health = bearer(await appToken(platform.issuer, demoApps.health, 'exchange:read data:call'));
    assert.equal((await http(platform.url, 'POST', `${base}/catalogs`, catalog, auth.police)).status, 201);
    await http(platform.url, 'POST', `${base}/catalogs/${catalog.code}/publish`, { revision: 0, legalBasis: '《居民身份证法》' }, auth.police);
    const fields = catalog.fields.map((field) => field.name);
    const demand = demandBody(catalog.code, fields);
    const asked = await http(platform.url, 'POST', `${base}/demands`, demand, auth.health);
    assert.equal(asked.status, 201, JSON.stringify(asked.body));
    assert.equal((await http(platform.url, 'POST', `${base}/demands/${asked.body.id}/approve`, { fields, dailyQuota: 100 }, auth.police)).status, 200);
  });
  after(() => platform?.stop());

  it('stores HMAC-SM3 tokens and SM4-sealed originals, and answers from them', async () => {
    const loaded = await http(platform.url, 'POST', `${base}/catalogs/${catalog.code}/resource`, JSON.stringify(person), {
      ...auth.police,
      'content-type': 'application/x-ndjson',
    });
    assert.equal(loaded.body.accepted, 1, JSON.stringify(loaded.body));
    const personalToken = keyedToken(tokenKey, 'pi:id_number', person.id_number, 'hmac-sm3');
    const [stored] = await withClient(platform.db.url, (client) =>
      client
        .query('SELECT r.key_token, r.payload, b.data_key FROM exchange.resource_rows r JOIN exchange.resource_batches b ON b.id = r.batch_id')
        .then((r) => r.rows),
    );
    assert.equal(stored.key_token, personalToken, 'the row is keyed by the HMAC-SM3 token of its ID number');
    assert.notEqual(stored.key_token, keyedToken(tokenKey, 'pi:id_number', person.id_number, 'hmac-sha256'));
    assert.equal(stored.data_key.split('.')[1], 'sm4-ctr-hmac-sm3', "the batch's data key is wrapped with SM4");
    // An SM4 sealed value starts with its 16-byte nonce (AES-GCM's is 12), so it is longer.
    assert.ok(Buffer.from(stored.payload.sealed.full_name, 'base64url').length >= 16 + Buffer.byteLength(person.full_name) + 32);

    // The approval reaches the exchange's authorisation copy by its event.
    const answer = await eventually(async () => {
      const answered = await http(
        platform.url,
        'POST',
        `/api/v1/data/${catalog.code}/query`,
        { keys: { id_number: person.id_number }, fields: ['id_number', 'full_name', 'household_address'], purpose: '核验' },
        auth.health,
      );
      assert.equal(answered.status, 200, JSON.stringify(answered.body));
      return answered;
    });
    assert.deepEqual(answer.body.rows, [
      { id_number: keyedToken(tokenKey, 'consumer:HEALTH', personalToken, 'hmac-sm3'), full_name: '张*', household_address: '呼和浩特市新****' },
    ]);
    const verify = (full_name: string) =>
      http(
        platform.url,
        'POST',
        `/api/v1/data/${catalog.code}/verify`,
        { keys: { id_number: person.id_number }, values: { full_name }, purpose: '核验' },
        auth.health,
      );
    assert.deepEqual((await verify('张三')).body.matches, { full_name: true });
    assert.deepEqual((await verify('李四')).body.matches, { full_name: false });
  });
});
