import assert from 'node:assert/strict';

/** The demo realm's apps (deploy/demo/realm.json). */
export const demoApps = {
  admin: { clientId: 'platform-admin', secret: 'demo-secret-platform-admin-change-me' },
  health: { clientId: 'health-system', secret: 'demo-secret-health-change-me' },
  tax: { clientId: 'tax-system', secret: 'demo-secret-tax-change-me' },
  publicSecurity: { clientId: 'public-security-system', secret: 'demo-secret-public-security-change-me' },
} as const;

/** A client-credentials access token from the identity service, as a department system gets one. */
export async function appToken(issuer: string, app: { clientId: string; secret: string }, scope: string): Promise<string> {
  const response = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(app.clientId)}:${encodeURIComponent(app.secret)}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope }),
  });
  const body = (await response.json()) as { access_token?: string };
  assert.equal(response.status, 200, JSON.stringify(body));
  return body.access_token!;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** An access token for a staff member, through the sign-in flow (demo realm passwords). */
export async function staffToken(issuer: string, username: string, password: string, scope: string): Promise<string> {
  const { signIn, exchangeCode } = await import('./browser.js');
  const signedIn = await signIn(issuer, username, password, `openid ${scope}`);
  assert.equal(signedIn.status, 200, `sign-in of ${username}`);
  const { body } = await exchangeCode(issuer, signedIn.code!, signedIn.verifier!);
  return body.access_token;
}
