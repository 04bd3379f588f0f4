const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The sign-in form: resident ID number (persons) or username (staff), and password. */
export function loginPage(uid: string, error?: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>统一身份认证 / Sign in</title>
<style>body{font-family:system-ui,sans-serif;max-width:24rem;margin:4rem auto;padding:0 1rem}label,input,button{display:block;width:100%;margin:.4rem 0}input,button{padding:.6rem;font-size:1rem}.error{color:#b00020}</style>
</head><body>
<h1>统一身份认证</h1>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/oidc/interaction/${escapeHtml(uid)}/login" autocomplete="off">
<label for="login">身份证号或工作人员账号 / ID number or staff username</label>
<input id="login" name="login" required autofocus>
<label for="password">密码 / Password</label>
<input id="password" name="password" type="password" required>
<button type="submit">登录 / Sign in</button>
</form></body></html>`;
}
