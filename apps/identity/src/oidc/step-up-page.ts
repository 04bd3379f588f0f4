import { escapeHtml, page } from './login-page.js';

const title = '加强身份认证 / A stronger sign-in';
const why = '<p>此项服务需要更高的认证等级，请再完成一项验证。/ This service needs a stronger sign-in: confirm one more factor.</p>';

/** Offers a code by SMS to the signed-in person's registered mobile. */
export function stepUpSmsOfferPage(uid: string, error?: string): string {
  return page(
    title,
    `${why}
<form method="post" action="/oidc/interaction/${escapeHtml(uid)}/step-up/sms-code">
<button type="submit">发送验证码至已登记的手机 / Send a code to my registered mobile</button>
</form>`,
    error,
  );
}

export function stepUpCodePage(uid: string, error?: string): string {
  return page(
    title,
    `${why}
<form method="post" action="/oidc/interaction/${escapeHtml(uid)}/step-up/sms" autocomplete="off">
<label for="code">短信验证码 / SMS code</label>
<input id="code" name="code" inputmode="numeric" pattern="[0-9]{6}" required autofocus>
<button type="submit">确认 / Confirm</button>
</form>`,
    error,
  );
}

export function stepUpPasswordPage(uid: string, error?: string): string {
  return page(
    title,
    `${why}
<form method="post" action="/oidc/interaction/${escapeHtml(uid)}/step-up/password" autocomplete="off">
<label for="password">密码 / Password</label>
<input id="password" name="password" type="password" required autofocus>
<button type="submit">确认 / Confirm</button>
</form>`,
    error,
  );
}
