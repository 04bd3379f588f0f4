export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A sign-in page: the title, an error when there is one, and the forms. */
export function page(title: string, body: string, error?: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:24rem;margin:4rem auto;padding:0 1rem}label,input,button{display:block;width:100%;margin:.4rem 0}input,button{padding:.6rem;font-size:1rem}.error{color:#b00020}</style>
</head><body>
<h1>${escapeHtml(title.split(' / ')[0])}</h1>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
${body}</body></html>`;
}

/** The sign-in form: resident ID number (persons) or username (staff), and password. */
export function loginPage(uid: string, error?: string): string {
  return page(
    '统一身份认证 / Sign in',
    `<form method="post" action="/oidc/interaction/${escapeHtml(uid)}/login" autocomplete="off">
<label for="login">身份证号或工作人员账号 / ID number or staff username</label>
<input id="login" name="login" required autofocus>
<label for="password">密码 / Password</label>
<input id="password" name="password" type="password" required>
<button type="submit">登录 / Sign in</button>
</form>
<form method="post" action="/oidc/interaction/${escapeHtml(uid)}/sms-code" autocomplete="off">
<label for="sms-login">或用短信验证码登录（身份证号） / Or get a code by SMS (ID number)</label>
<input id="sms-login" name="login" required>
<button type="submit">发送验证码 / Send code</button>
</form>`,
    error,
  );
}

/** The second step of an SMS sign-in: the code. */
export function codePage(uid: string, login: string, error?: string): string {
  return page(
    '短信验证码 / SMS code',
    `<p>如该身份证号已登记手机号码，验证码已发送。/ If this ID number has a registered mobile number, a code was sent to it.</p>
<form method="post" action="/oidc/interaction/${escapeHtml(uid)}/sms-login" autocomplete="off">
<input type="hidden" name="login" value="${escapeHtml(login)}">
<label for="code">验证码 / Code</label>
<input id="code" name="code" inputmode="numeric" pattern="[0-9]{6}" required autofocus>
<button type="submit">登录 / Sign in</button>
</form>`,
    error,
  );
}
