import {LOCAL_USERS} from './options';

/**
 * The development login and consent pages. Plain HTML forms (no script), so a browser, Playwright or a test's fetch
 * can drive them the same way. Every value shown is escaped.
 */

export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'})[c] as string,
  );
}

const STYLE = `body{font-family:system-ui,sans-serif;background:#f6f8fa;margin:0;padding:40px 16px;color:#1a1f36}
main{max-width:420px;margin:0 auto;background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.15);padding:24px 28px}
h1{font-size:20px;margin:0 0 8px}p{line-height:1.45}.note{color:#697386;font-size:13px}.error{color:#c0123c}
button{font:inherit;padding:8px 14px;border-radius:6px;border:1px solid #c1c9d2;background:#fff;cursor:pointer;margin:4px 0}
button.primary{background:#635bff;border-color:#635bff;color:#fff}.users button{display:block;width:100%;text-align:left}
input{font:inherit;padding:7px;border:1px solid #c1c9d2;border-radius:6px;width:100%;box-sizing:border-box;margin:4px 0}
ul{padding-left:20px}form{margin:12px 0}`;

export function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>
${body}
</main></body>
</html>
`;
}

export const PROVIDER_TITLE = 'Example Cloud (local)';

export function loginPage(options: {
  action: string;
  abortAction: string;
  clientName: string;
  error?: string;
  typed?: string;
}): string {
  const users = LOCAL_USERS.map(
    (u) =>
      `<button type="submit" name="email" value="${escapeHtml(u.email)}">${escapeHtml(u.name)} — ${escapeHtml(u.email)}</button>`,
  ).join('\n');
  return page(
    `Sign in — ${PROVIDER_TITLE}`,
    `<h1>Sign in to ${PROVIDER_TITLE}</h1>
<p>${escapeHtml(options.clientName)} wants to connect to your account. This is a development sign-in: pick a user, no password.</p>
${options.error ? `<p class="error" role="alert">${escapeHtml(options.error)}</p>` : ''}
<form method="post" action="${escapeHtml(options.action)}" class="users">
${users}
</form>
<form method="post" action="${escapeHtml(options.action)}">
<label for="email">Or sign in as another email address</label>
<input id="email" type="email" name="email" autocomplete="off" value="${escapeHtml(options.typed ?? '')}">
<button type="submit" class="primary">Sign in</button>
</form>
<form method="post" action="${escapeHtml(options.abortAction)}">
<button type="submit">Cancel</button>
</form>
<p class="note">Local development only: nothing here is a real account.</p>`,
  );
}

const SCOPE_WORDS: Record<string, string> = {
  openid: 'Confirm who you are',
  profile: 'Read your name',
  email: 'Read your email address',
  offline_access: 'Stay connected until you disconnect (a refresh token)',
};

export function consentPage(options: {action: string; clientName: string; email: string; scopes: string[]}): string {
  const items = options.scopes.map((s) => `<li>${escapeHtml(SCOPE_WORDS[s] ?? s)}</li>`).join('\n');
  return page(
    `Allow access — ${PROVIDER_TITLE}`,
    `<h1>Allow ${escapeHtml(options.clientName)} to use your account?</h1>
<p>Signed in as <strong>${escapeHtml(options.email)}</strong>. ${escapeHtml(options.clientName)} asks to:</p>
<ul>
${items}
</ul>
<form method="post" action="${escapeHtml(options.action)}">
<button type="submit" name="decision" value="allow" class="primary">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>`,
  );
}

export function messagePage(title: string, message: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(message)}</p>`);
}
