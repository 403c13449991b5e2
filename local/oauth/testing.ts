import {randomVerifier, s256Challenge} from '../platform/pkce';

/**
 * A person's browser, as far as an OAuth sign-in needs one: follows redirects by hand, keeps cookies per host, and
 * submits the provider's HTML forms the way a browser would (the clicked button's name and value, hidden and typed
 * fields). It stops at the first redirect `stopAt` accepts — the Dashboard's OAuth return URL — and hands it back.
 */

export interface Page {
  kind: 'page';
  url: string;
  status: number;
  html: string;
  /** The page's visible words, tags removed. */
  text: string;
}

export interface Redirected {
  kind: 'redirect';
  /** Where the provider sent the browser (not followed). */
  url: string;
}

interface Control {
  name?: string;
  value: string;
  type: string;
  text: string;
}

interface Form {
  action: string;
  method: string;
  inputs: Control[];
  buttons: Control[];
}

const ENTITIES: Record<string, string> = {'&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'"};
const unescape = (value: string) => value.replace(/&(amp|lt|gt|quot|#39);/g, (m) => ENTITIES[m]);
const stripTags = (html: string) =>
  unescape(html.replace(/<style[\s\S]*?<\/style>/gi, '').replace(/<[^>]+>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();

function attributes(source: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const match of source.matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*"([^"]*)")?/g))
    out[match[1].toLowerCase()] = unescape(match[2] ?? '');
  return out;
}

function forms(html: string): Form[] {
  return [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)].map((match) => {
    const attrs = attributes(match[1]);
    const body = match[2];
    const inputs = [...body.matchAll(/<input\b([^>]*)>/gi)].map((m) => {
      const a = attributes(m[1]);
      return {name: a.name, value: a.value ?? '', type: (a.type ?? 'text').toLowerCase(), text: ''};
    });
    const buttons = [...body.matchAll(/<button\b([^>]*)>([\s\S]*?)<\/button>/gi)].map((m) => {
      const a = attributes(m[1]);
      return {name: a.name, value: a.value ?? '', type: (a.type ?? 'submit').toLowerCase(), text: stripTags(m[2])};
    });
    return {action: attrs.action ?? '', method: (attrs.method ?? 'get').toUpperCase(), inputs, buttons};
  });
}

export class Browser {
  private readonly jar = new Map<string, Map<string, string>>();
  /** Every URL requested, in order (tests check that none carries a secret it should not). */
  readonly visited: string[] = [];

  constructor(private readonly stopAt: (url: URL) => boolean) {}

  private cookieHeader(url: URL): string | undefined {
    const cookies = this.jar.get(url.hostname);
    if (!cookies || cookies.size === 0) return undefined;
    return [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private keep(url: URL, response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';').map((part) => part.trim());
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const cookies = this.jar.get(url.hostname) ?? new Map<string, string>();
      this.jar.set(url.hostname, cookies);
      const expired = attrs.some((a) => {
        const [key, v = ''] = a.split('=');
        if (key.toLowerCase() === 'max-age') return Number(v) <= 0;
        if (key.toLowerCase() === 'expires') return Date.parse(v) <= Date.now();
        return false;
      });
      if (expired || value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
  }

  /** Requests `url` and follows redirects until a page, or a redirect `stopAt` accepts. */
  async request(url: string, init: {method?: string; form?: URLSearchParams} = {}): Promise<Page | Redirected> {
    let current = new URL(url);
    let method = init.method ?? 'GET';
    let body: string | undefined = init.form?.toString();
    for (let hops = 0; hops < 20; hops += 1) {
      this.visited.push(current.href);
      const headers: Record<string, string> = {Accept: 'text/html'};
      const cookie = this.cookieHeader(current);
      if (cookie) headers.Cookie = cookie;
      if (body !== undefined) headers['Content-Type'] = 'application/x-www-form-urlencoded';
      const response = await fetch(current, {method, headers, body, redirect: 'manual'});
      this.keep(current, response);
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.arrayBuffer();
        const next = new URL(location, current);
        if (this.stopAt(next)) return {kind: 'redirect', url: next.href};
        current = next;
        if (response.status !== 307 && response.status !== 308) {
          method = 'GET';
          body = undefined;
        }
        continue;
      }
      const html = await response.text();
      return {kind: 'page', url: current.href, status: response.status, html, text: stripTags(html)};
    }
    throw new Error(`Too many redirects from ${url}`);
  }

  /** Presses the submit button whose words match `button`, with `fill` typed into the named fields of its form. */
  async submit(page: Page, button: string | RegExp, fill: Record<string, string> = {}): Promise<Page | Redirected> {
    const matches = (text: string) => (typeof button === 'string' ? text === button : button.test(text));
    const form = forms(page.html).find((f) => f.buttons.some((b) => matches(b.text)));
    if (!form) {
      const labels = forms(page.html).flatMap((f) => f.buttons.map((b) => b.text));
      throw new Error(`No button "${String(button)}" on ${page.url}. Buttons: ${labels.join(' | ')}`);
    }
    const pressed = form.buttons.find((b) => matches(b.text)) as Control;
    const fields = new URLSearchParams();
    for (const input of form.inputs) {
      if (!input.name || ['submit', 'button', 'reset'].includes(input.type)) continue;
      fields.append(input.name, fill[input.name] ?? input.value);
    }
    if (pressed.name) fields.append(pressed.name, pressed.value);
    const action = new URL(form.action || page.url, page.url).href;
    if (form.method === 'POST') return this.request(action, {method: 'POST', form: fields});
    const target = new URL(action);
    fields.forEach((value, key) => target.searchParams.append(key, value));
    return this.request(target.href);
  }
}

export function asPage(result: Page | Redirected): Page {
  if (result.kind !== 'page')
    throw new Error(
      `Expected a page, but the browser was sent to ${new URL(result.url).origin}${new URL(result.url).pathname}`,
    );
  return result;
}

export function asRedirect(result: Page | Redirected): Redirected {
  if (result.kind !== 'redirect')
    throw new Error(`Expected a redirect, got a page (${result.status}): ${result.text.slice(0, 300)}`);
  return result;
}

/**
 * A person connects at the provider `issuer` as the views do: PKCE S256, sign-in as the first local user (Ada),
 * consent, and the code exchanged at the token endpoint. Returns the token endpoint's status and JSON body.
 */
export async function connectAtProvider(
  issuer: string,
  client: {clientId: string; redirectUri: string; scope?: string; state?: string},
): Promise<{status: number; body: Record<string, unknown>}> {
  const verifier = randomVerifier();
  const authorize = new URL(`${issuer}/oauth/authorize`);
  const query = {
    response_type: 'code',
    client_id: client.clientId,
    redirect_uri: client.redirectUri,
    state: client.state ?? 'connect',
    code_challenge: await s256Challenge(verifier),
    code_challenge_method: 'S256',
    scope: client.scope ?? 'openid profile email offline_access',
    prompt: 'consent',
  };
  for (const [key, value] of Object.entries(query)) authorize.searchParams.set(key, value);
  const browser = new Browser((url) => url.origin === new URL(client.redirectUri).origin);
  const consent = asPage(await browser.submit(asPage(await browser.request(authorize.href)), /ada@example\.com/));
  const code = new URL(asRedirect(await browser.submit(consent, 'Allow')).url).searchParams.get('code') as string;
  const response = await fetch(`${issuer}/oauth/token`, {
    method: 'POST',
    headers: {'Content-Type': 'application/x-www-form-urlencoded'},
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      client_id: client.clientId,
      redirect_uri: client.redirectUri,
    }).toString(),
  });
  return {status: response.status, body: (await response.json()) as Record<string, unknown>};
}
