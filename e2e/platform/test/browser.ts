import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';

/** A minimal browser for the sign-in flow: keeps cookies, follows nothing by itself. */
export class Browser {
  private readonly cookies = new Map<string, string>();

  async go(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const response = await fetch(url, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      redirect: 'manual',
      headers: {
        cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: init.form ? new URLSearchParams(init.form) : undefined,
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const index = pair.indexOf('=');
      this.cookies.set(pair.slice(0, index), pair.slice(index + 1));
    }
    return response;
  }

  /** Follows redirects until one leaves the identity service (the client's redirect URI). */
  async follow(response: Response, base: string, stopAt: string): Promise<{ response: Response; location?: string }> {
    let current = response;
    for (let hops = 0; hops < 10; hops += 1) {
      const location = current.headers.get('location');
      if (current.status < 300 || current.status >= 400 || !location) return { response: current };
      const next = new URL(location, base).toString();
      if (next.startsWith(stopAt)) return { response: current, location: next };
      current = await this.go(next);
    }
    assert.fail('too many redirects');
  }
}

export function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export const portal = { clientId: 'portal', redirectUri: 'http://127.0.0.1:5173/callback' };

/** Runs the authorization code flow with PKCE as the portal would, up to the code. */
export async function signIn(
  issuer: string,
  login: string,
  password: string,
  scope = 'openid profile offline_access items:read',
  extra: Record<string, string> = {},
) {
  const browser = new Browser();
  const { verifier, challenge } = pkce();
  const state = randomBytes(8).toString('hex');
  const origin = new URL(issuer).origin;
  const authorize = `${issuer}/auth?${new URLSearchParams({
    client_id: portal.clientId,
    response_type: 'code',
    redirect_uri: portal.redirectUri,
    scope,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    prompt: 'consent',
    ...extra,
  })}`;
  const start = await browser.follow(await browser.go(authorize), origin, portal.redirectUri);
  const interaction = start.response.url || '';
  assert.equal(start.response.status, 200, `the login page is shown (${interaction})`);
  const page = await start.response.text();
  const action = /action="([^"]+)"/.exec(page)?.[1];
  assert.ok(action, 'the page has a login form');
  const posted = await browser.go(new URL(action, origin).toString(), { form: { login, password } });
  if (posted.status >= 400) return { status: posted.status, page: await posted.text() };
  const done = await browser.follow(posted, origin, portal.redirectUri);
  assert.ok(done.location, `redirected back to the portal (status ${done.response.status})`);
  const back = new URL(done.location);
  assert.equal(back.searchParams.get('state'), state);
  const error = back.searchParams.get('error');
  if (error) return { status: 403, error };
  return { status: 200, code: back.searchParams.get('code')!, verifier };
}

/** The same flow, signing in with a one-time code sent by SMS instead of a password. */
export async function signInWithSms(issuer: string, idNumber: string, readCode: () => string | undefined, mistype = false) {
  const browser = new Browser();
  const { verifier, challenge } = pkce();
  const origin = new URL(issuer).origin;
  const authorize = `${issuer}/auth?${new URLSearchParams({
    client_id: portal.clientId,
    response_type: 'code',
    redirect_uri: portal.redirectUri,
    scope: 'openid items:read',
    state: 'sms',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  })}`;
  const start = await browser.follow(await browser.go(authorize), origin, portal.redirectUri);
  const page = await start.response.text();
  const action = /action="([^"]+\/sms-code)"/.exec(page)?.[1];
  assert.ok(action, 'the page offers a code by SMS');
  const sent = await browser.go(new URL(action, origin).toString(), { form: { login: idNumber } });
  assert.equal(sent.status, 200);
  const codeForm = /action="([^"]+\/sms-login)"/.exec(await sent.text())?.[1];
  assert.ok(codeForm, 'the page asks for the code');
  const code = readCode();
  const typed = mistype || !code ? '000000' : code;
  const posted = await browser.go(new URL(codeForm, origin).toString(), { form: { login: idNumber, code: typed } });
  if (posted.status >= 400) return { status: posted.status };
  const done = await browser.follow(posted, origin, portal.redirectUri);
  assert.ok(done.location, 'redirected back to the portal');
  return { status: 200, code: new URL(done.location).searchParams.get('code')!, verifier };
}

export async function exchangeCode(issuer: string, code: string, verifier: string) {
  const response = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: portal.redirectUri,
      client_id: portal.clientId,
      code_verifier: verifier,
    }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

export async function tokenRequest(issuer: string, form: Record<string, string>) {
  const response = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

/**
 * The authorization code flow driven step by step in one browser, so a test can answer each
 * page the identity service shows (a password, an SMS code, a step-up) and keep the session.
 */
export class SignInFlow {
  readonly browser = new Browser();
  private readonly origin: string;
  private verifier = '';
  private state = '';
  /** The page shown last (status and HTML), or the code once back at the portal. */
  current: { status: number; html?: string; code?: string } = { status: 0 };

  constructor(private readonly issuer: string) {
    this.origin = new URL(issuer).origin;
  }

  async start(scope: string, extra: Record<string, string> = {}): Promise<this> {
    const { verifier, challenge } = pkce();
    this.verifier = verifier;
    this.state = randomBytes(8).toString('hex');
    const authorize = `${this.issuer}/auth?${new URLSearchParams({
      client_id: portal.clientId,
      response_type: 'code',
      redirect_uri: portal.redirectUri,
      scope,
      state: this.state,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...extra,
    })}`;
    await this.land(await this.browser.go(authorize));
    return this;
  }

  /** Posts the form of the current page whose action ends with `action`. */
  async submit(action: string, form: Record<string, string>): Promise<this> {
    const target = new RegExp(`action="([^"]+/${action})"`).exec(this.current.html ?? '')?.[1];
    assert.ok(target, `the page has a form for ${action}: ${this.current.html?.slice(0, 300)}`);
    await this.land(await this.browser.go(new URL(target, this.origin).toString(), { form }));
    return this;
  }

  /** Exchanges the code for tokens, with the access token's claims decoded. */
  async tokens() {
    assert.ok(this.current.code, `the flow ended at the portal with a code (status ${this.current.status})`);
    const exchanged = await exchangeCode(this.issuer, this.current.code, this.verifier);
    assert.equal(exchanged.status, 200, JSON.stringify(exchanged.body));
    const claims = JSON.parse(Buffer.from(exchanged.body.access_token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
    return { access_token: exchanged.body.access_token, id_token: exchanged.body.id_token, claims };
  }

  private async land(response: Response): Promise<void> {
    const { response: last, location } = await this.browser.follow(response, this.origin, portal.redirectUri);
    if (location) {
      const back = new URL(location);
      assert.equal(back.searchParams.get('state'), this.state);
      this.current = { status: 200, code: back.searchParams.get('code') ?? undefined };
      return;
    }
    this.current = { status: last.status, html: await last.text() };
  }
}
