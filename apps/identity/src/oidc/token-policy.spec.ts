import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Scope, tokenClaims } from '@igs/contracts';
import {
  accountClaims,
  allowedScopes,
  appTokenClaims,
  asksForApi,
  consentScopes,
  PlatformClientMetadata,
  personTokenClaims,
  resourceScopes,
  scopesOf,
} from './token-policy.js';

const person = { accountId: 'person:7', type: 'person' as const, roles: [] };
const approver = { accountId: 'staff:3', type: 'staff' as const, departmentCode: 'HEALTH', roles: ['data_approver' as const] };
const app = { igs_scopes: ['data:call', 'exchange:read'], igs_department: 'HEALTH', igs_token_generation: 4 };

describe(scopesOf.name, () => {
  it('splits a scope parameter and drops empty entries', () => {
    assert.deepEqual(scopesOf(' openid  data:call '), ['openid', 'data:call']);
  });

  it('reads no scopes from a missing or non-text parameter', () => {
    assert.deepEqual(scopesOf(undefined), []);
    assert.deepEqual(scopesOf(['data:call']), []);
  });
});

describe(asksForApi.name, () => {
  it('wants a token for the API when any API scope is asked for', () => {
    assert.equal(asksForApi('openid data:call'), true);
  });

  it('wants no API token for OpenID scopes alone, unknown scopes or none', () => {
    assert.equal(asksForApi('openid profile offline_access'), false);
    assert.equal(asksForApi('data:write'), false);
    assert.equal(asksForApi(undefined), false);
  });
});

describe(allowedScopes.name, () => {
  it('lets a person read items and nothing more', () => {
    assert.deepEqual(allowedScopes(person), ['items:read']);
  });

  it('gives staff the scopes of their roles, each once', () => {
    assert.deepEqual(allowedScopes({ type: 'staff', roles: ['catalog_editor', 'data_approver'] }), [
      'items:read',
      'exchange:read',
      'exchange:catalog',
      'exchange:approve',
    ]);
  });

  it('gives staff without a role nothing', () => {
    assert.deepEqual(allowedScopes({ type: 'staff', roles: [] }), []);
  });

  it('never lets a person have a staff scope, whatever roles the record claims', () => {
    assert.deepEqual(allowedScopes({ type: 'person', roles: ['platform_admin'] }), ['items:read']);
  });

  it('gives a platform administrator the administration scopes', () => {
    const scopes = allowedScopes({ type: 'staff', roles: ['platform_admin'] });
    assert.ok(scopes.includes('identity:admin') && scopes.includes('calendar:write'));
    assert.ok(!scopes.includes('data:call'));
  });
});

describe(consentScopes.name, () => {
  it('grants OpenID scopes and the API scopes the account may have, and refuses the rest', () => {
    assert.deepEqual(consentScopes('openid profile items:read exchange:approve', allowedScopes(person)), {
      openId: ['openid', 'profile'],
      granted: ['items:read'],
      refused: ['exchange:approve'],
    });
  });

  it('refuses a scope the platform does not know as an API scope', () => {
    assert.deepEqual(consentScopes('openid made:up', allowedScopes(approver)), { openId: ['openid'], granted: [], refused: ['made:up'] });
  });

  it('grants nothing when nothing is asked for', () => {
    assert.deepEqual(consentScopes(undefined, allowedScopes(approver)), { openId: [], granted: [], refused: [] });
  });
});

describe(resourceScopes.name, () => {
  it('gives a department app the scopes an administrator gave it when it asks for some of them', () => {
    assert.deepEqual(resourceScopes(app, { grantType: 'client_credentials', scope: 'data:call' }), { ok: true, scope: 'data:call exchange:read' });
  });

  it('refuses a department app asking for more than it was given, naming what it may not have', () => {
    assert.deepEqual(resourceScopes(app, { grantType: 'client_credentials', scope: 'data:call exchange:admin items:write' }), {
      ok: false,
      refused: ['exchange:admin', 'items:write'],
    });
  });

  it('refuses a department app that was given no scopes', () => {
    assert.deepEqual(resourceScopes({}, { grantType: 'client_credentials', scope: 'data:call' }), { ok: false, refused: ['data:call'] });
  });

  it('drops given scopes the API does not know, and refuses asking for them', () => {
    const stale = { igs_scopes: ['data:call', 'retired:scope'] };
    assert.deepEqual(resourceScopes(stale, { grantType: 'client_credentials' }), { ok: true, scope: 'data:call' });
    assert.deepEqual(resourceScopes(stale, { grantType: 'client_credentials', scope: 'retired:scope' }), { ok: false, refused: ['retired:scope'] });
  });

  it("bounds a person's client by its scopes without refusing: the grant narrows the token", () => {
    const client = { igs_scopes: Scope.options };
    assert.deepEqual(resourceScopes(client, { grantType: 'authorization_code', scope: 'openid exchange:admin' }), { ok: true, scope: Scope.options.join(' ') });
    assert.deepEqual(resourceScopes(client, { grantType: 'refresh_token' }), { ok: true, scope: Scope.options.join(' ') });
  });
});

describe('PlatformClientMetadata', () => {
  it("reads the platform's properties and leaves oidc-provider's own", () => {
    assert.deepEqual(PlatformClientMetadata.parse({ client_id: 'health-app', grant_types: ['client_credentials'], ...app }), app);
  });

  it('refuses a generation that is not a number', () => {
    assert.equal(PlatformClientMetadata.safeParse({ igs_token_generation: '4' }).success, false);
  });
});

describe(appTokenClaims.name, () => {
  it("names an app token's department and credential generation", () => {
    assert.deepEqual(appTokenClaims(app), { [tokenClaims.type]: 'app', [tokenClaims.department]: 'HEALTH', [tokenClaims.tokenGeneration]: 4 });
  });

  it('still says it is an app token when the client is gone', () => {
    assert.equal(appTokenClaims(undefined)[tokenClaims.type], 'app');
    assert.equal(appTokenClaims(undefined)[tokenClaims.department], undefined);
  });
});

describe(accountClaims.name, () => {
  it('names staff with their department and roles', () => {
    assert.deepEqual(accountClaims(approver), { [tokenClaims.type]: 'staff', [tokenClaims.department]: 'HEALTH', [tokenClaims.roles]: ['data_approver'] });
  });

  it('leaves out a department and roles a person does not have', () => {
    assert.deepEqual(accountClaims(person), { [tokenClaims.type]: 'person' });
  });
});

describe(personTokenClaims.name, () => {
  it('carries the account, what the sign-in proved and the grant', () => {
    assert.deepEqual(personTokenClaims({ account: person, signIn: { acr: '3', amr: ['pwd', 'sms'] }, grantId: 'g1' }), {
      [tokenClaims.type]: 'person',
      acr: '3',
      amr: ['pwd', 'sms'],
      [tokenClaims.grant]: 'g1',
    });
  });

  it('leaves out acr and amr when the sign-in did not record them', () => {
    const claims = personTokenClaims({ account: person, signIn: {}, grantId: 'g1' });
    assert.ok(!('acr' in claims) && !('amr' in claims));
    assert.ok(!('acr' in personTokenClaims({ account: person, grantId: 'g1' })));
  });

  it('makes the enterprise who acts and the person the actor when acting for an enterprise', () => {
    assert.deepEqual(personTokenClaims({ account: person, signIn: { acr: '2' }, grantId: 'g2', enterprise: '91150100MA0000000X' }), {
      [tokenClaims.type]: 'enterprise',
      acr: '2',
      [tokenClaims.grant]: 'g2',
      [tokenClaims.enterprise]: '91150100MA0000000X',
      act: { sub: 'person:7' },
    });
  });

  it('does not let staff claims stand in for an enterprise: only the recorded enterprise makes one', () => {
    assert.equal(personTokenClaims({ account: approver, grantId: 'g3' })[tokenClaims.type], 'staff');
    assert.equal(personTokenClaims({ account: approver, grantId: 'g3', enterprise: '' })[tokenClaims.type], 'staff');
  });
});
