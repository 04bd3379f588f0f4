import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { calendarEvents, exchangeEvents, identityEvents, itemEvents, prefixed, type EventDefinition } from '@igs/contracts';
import { AuthorizationCopy } from '@igs/exchange';
import { Revocations } from '@igs/gateway';
import { HealthServer, startTelemetry, type Telemetry } from '@igs/platform';
import { eventually, type TestBusUser } from '@igs/testing';
import { jetstream } from '@nats-io/jetstream';
import { startPlatform, type RunningPlatform } from './platform.js';
import { find, parsePrometheus } from './prometheus-text.js';

/** A docking entry as the exchange publishes one, for a catalog no test uses. */
const dockingEntry = (id: string) => ({
  id,
  demandId: randomUUID(),
  consumerDepartment: 'TAX',
  consumerApp: null,
  providerDepartment: 'HEALTH',
  catalogCode: 'FORGED-CATALOG',
  fields: ['full_name'],
  purpose: '核验',
  legalBasis: '《测试条例》',
  validFrom: '2026-01-01',
  validTo: '2099-12-31',
  dailyQuota: 10,
  status: 'active',
  statusReason: null,
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
});

describe("events whose data does not parse, published with the owning app's own credentials", () => {
  let telemetry: Telemetry;
  let platform: RunningPlatform;
  let metricsUrl: string;
  /** Publishes into the owner's stream as the owner may: the bus lets it, the followers must refuse what does not parse. */
  const publishAs = async (owner: TestBusUser, event: EventDefinition, data: unknown, raw?: string) => {
    const nc = await platform.nats.connect(owner);
    try {
      const envelope = {
        id: randomUUID(),
        type: event.type,
        occurredAt: new Date().toISOString(),
        actor: { subject: `system:${owner}`, type: 'system', scopes: [] },
        data,
      };
      await jetstream(nc).publish(prefixed(platform.prefix, event.subject), raw ?? JSON.stringify(envelope), { msgID: envelope.id });
    } finally {
      await nc.close();
    }
  };
  const refused = async () => {
    const samples = parsePrometheus(await (await fetch(`${metricsUrl}/metrics`)).text());
    return Object.fromEntries(find(samples, 'igs_events_refused_total').map((s) => [`${s.labels.stream} ${s.labels.messaging_destination_name}`, s.value]));
  };

  before(async () => {
    telemetry = startTelemetry({ serviceName: 'refused-events-e2e' });
    platform = await startPlatform({ withItem: true, withExchange: true });
    // One process: the four apps share its meter, and any health port serves what they count.
    metricsUrl = `http://127.0.0.1:${await platform.gateway.get(HealthServer).listen(0, '127.0.0.1')}`;
    await eventually(async () => assert.ok(platform.exchange!.get(AuthorizationCopy).isReady()), 10_000);
  });
  after(async () => {
    await platform?.stop();
    await telemetry?.shutdown();
  });

  it('are refused (not applied) and counted by every follower and listener, and the events after them still count', async () => {
    const realDocking = randomUUID();
    // Each would change a copy if it were applied as read: a disabled app, a docking entry.
    await publishAs('identity', identityEvents.appDisabled, { clientId: 'forged-app', tokenGeneration: 'all of them' });
    await publishAs('identity', identityEvents.grantRevoked, { grantId: 42 });
    await publishAs('identity', identityEvents.signingKeyRotated, { kid: null });
    await publishAs('item', itemEvents.published, { code: 'FORGED-ITEM' });
    await publishAs('item', calendarEvents.changed, { set: 'every day a holiday' });
    await publishAs('exchange', exchangeEvents.dockingApproved, { ...dockingEntry(randomUUID()), dailyQuota: 'unlimited' });
    await publishAs('exchange', exchangeEvents.dockingRevoked, undefined, 'not even JSON');
    await publishAs('exchange', exchangeEvents.negativeAdded, { catalogCode: 5 });
    await publishAs('exchange', exchangeEvents.catalogRetired, { code: 'FORGED-CATALOG' });
    // And after them, events that parse: a refused event holds up nothing behind it.
    await publishAs('identity', identityEvents.appDisabled, { clientId: 'disabled-after' });
    await publishAs('exchange', exchangeEvents.dockingApproved, dockingEntry(realDocking));

    const revocations = platform.gateway.get(Revocations);
    const authorization = platform.exchange!.get(AuthorizationCopy);
    await eventually(async () => {
      assert.ok(revocations.isAppDisabled('disabled-after'));
      assert.deepEqual(
        authorization.dockingEntries('FORGED-CATALOG').map((entry) => entry.id),
        [realDocking],
      );
    });
    assert.equal(revocations.isAppDisabled('forged-app'), false, 'the forged event was not applied');
    await eventually(async () =>
      assert.deepEqual(await refused(), {
        'EVT_IDENTITY evt.identity.app.disabled': 1,
        'EVT_IDENTITY_GRANT evt.identity.grant.revoked': 1,
        'EVT_IDENTITY evt.identity.key.rotated': 1,
        'EVT_ITEM evt.item.item.published': 1,
        'EVT_ITEM evt.item.calendar.changed': 1,
        'EVT_EXCHANGE evt.exchange.docking.approved': 1,
        'EVT_EXCHANGE evt.exchange.docking.revoked': 1,
        'EVT_EXCHANGE evt.exchange.negative.added': 1,
        'EVT_EXCHANGE evt.exchange.catalog.retired': 1,
      }),
    );
    assert.equal(authorization.isReady(), true, 'the copy is still current');
  });
});
