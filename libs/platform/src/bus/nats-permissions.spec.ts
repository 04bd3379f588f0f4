import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { busAccess, busApps, eventSubjects, requestSubjects, streams } from '@igs/contracts';
import { natsPermissions } from './nats-permissions.js';
import { natsServerConfig } from './nats-server-config.js';

// The diagnostic echo is answered by the benchmark's responder, not an app of the platform (diagnosticsAccess).
const { diagnostics: _diagnostics, ...platformRequests } = requestSubjects;
const allRequests = Object.values(platformRequests).flatMap((group) => Object.values(group));
const allEvents = Object.values(eventSubjects).flatMap((group) => Object.values(group));

describe('bus permissions generated from the contracts', () => {
  it('has every request subject answered by exactly one app, and sent by someone', () => {
    for (const subject of allRequests) {
      const servers = busApps.filter((app) => busAccess[app].serves.includes(subject));
      assert.equal(servers.length, 1, `${subject} is served by ${servers.join(', ') || 'no app'}`);
      assert.ok(
        busApps.some((app) => busAccess[app].requests.includes(subject)),
        `${subject} is sent by no app`,
      );
    }
  });

  it('has every event in a stream that exactly one app owns', () => {
    for (const subject of allEvents) {
      const stream = (Object.keys(streams) as (keyof typeof streams)[]).find((key) =>
        streams[key].subjects.some((pattern) => subject.startsWith(pattern.replace('>', ''))),
      );
      assert.ok(stream, `${subject} is in no stream`);
      assert.equal(busApps.filter((app) => busAccess[app].owns.includes(stream)).length, 1, `${stream} has no single owner`);
    }
  });

  it('lets an app publish only what it sends and its own events, and subscribe only to its own subjects in its queue group', () => {
    const exchange = natsPermissions('exchange', '150000');
    assert.ok(exchange.publish.allow.includes('150000.evt.exchange.>'));
    assert.ok(!exchange.publish.allow.some((subject) => subject.includes('evt.identity') || subject === '>' || subject.startsWith('150000.exchange.v1')));
    assert.ok(exchange.subscribe.allow.includes('150000.exchange.v1.call.query exchange'));
    assert.ok(exchange.subscribe.allow.includes('_INBOX.exchange.>'));
    assert.ok(exchange.allow_responses);
    const gateway = natsPermissions('gateway', '');
    assert.ok(gateway.publish.allow.includes('exchange.v1.call.query'));
    assert.ok(!gateway.publish.allow.some((subject) => subject.startsWith('evt.')));
    assert.deepEqual(gateway.subscribe.allow, ['_INBOX.gateway.>']);
    assert.equal(gateway.allow_responses, false);
    assert.ok(gateway.publish.allow.includes('$JS.API.CONSUMER.CREATE.EVT_IDENTITY.>'));
    assert.ok(!gateway.publish.allow.some((subject) => subject.startsWith('$JS.API.STREAM.CREATE') || subject.includes('EVT_EXCHANGE')));
  });

  it('writes one user per app key, no anonymous user, and every permission', () => {
    const users = { gateway: ['UGATEWAYOLD', 'UGATEWAYNEW'], identity: 'UIDENTITY', item: 'UITEM', exchange: 'UEXCHANGE' };
    const config = natsServerConfig({ prefix: 't1', users });
    for (const key of ['UGATEWAYOLD', 'UGATEWAYNEW', 'UIDENTITY', 'UITEM', 'UEXCHANGE']) assert.ok(config.includes(`"nkey": "${key}"`), key);
    assert.ok(!/no_auth_user|authorization\s*\{/.test(config));
    assert.ok(config.includes('"t1.item.v1.item.get item"'));
  });
});
