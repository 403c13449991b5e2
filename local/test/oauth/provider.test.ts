import {spawn} from 'node:child_process';
import {createPublicKey, verify, type JsonWebKey} from 'node:crypto';
import {resolve} from 'node:path';
import {randomVerifier, s256Challenge} from '../../platform/pkce';
import {spawnOAuthProvider} from '../../oauth/spawn';
import {OAUTH_POOL, type RunningOAuthProvider} from '../../oauth/options';
import {asPage, asRedirect, Browser, type Page} from '../../oauth/testing';

/**
 * The local OAuth provider over real HTTP, in its own process, driven as the app and a person's browser would:
 * PKCE S256 required, codes single-use, refresh with rotation, revocation, userinfo, the login and consent pages, CORS.
 */
jest.setTimeout(30_000);

const DASHBOARD = 'http://127.0.0.1:4242';
const REDIRECT = `${DASHBOARD}/test/apps-oauth/com.keyring.credentials`;
const CLIENT = 'keyring-stripe-app';
const SCOPES = 'openid profile email offline_access';
const REFRESH_TTL = 5 * 24 * 60 * 60;

let provider: RunningOAuthProvider;
const log: string[] = [];
/** Every token, code and verifier the tests saw: none may appear in the provider's log. */
const secrets: string[] = [];

beforeAll(async () => {
  provider = await spawnOAuthProvider({
    redirectUris: [REDIRECT],
    refreshTokenTtl: REFRESH_TTL,
    log: (line) => log.push(line),
  });
});
afterAll(async () => {
  await provider?.close();
});

const endpoint = (name: string) => `${provider.url}/oauth/${name}`;

function authorizeUrl(params: Record<string, string | undefined>): string {
  const url = new URL(endpoint('authorize'));
  for (const [key, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(key, value);
  return url.href;
}

async function pkce() {
  const verifier = randomVerifier();
  secrets.push(verifier);
  return {verifier, challenge: await s256Challenge(verifier)};
}

const newBrowser = () => new Browser((url) => url.origin === DASHBOARD);

/** A person signs in as `email` (a listed user's button, or typed) and allows access; returns the redirect back. */
async function signIn(
  options: {
    challenge?: string;
    method?: string;
    email?: string;
    type?: boolean;
    state?: string;
    browser?: Browser;
  } = {},
) {
  const browser = options.browser ?? newBrowser();
  const state = options.state ?? `state-${Math.random().toString(36).slice(2)}`;
  const start = await browser.request(
    authorizeUrl({
      response_type: 'code',
      client_id: CLIENT,
      redirect_uri: REDIRECT,
      scope: SCOPES,
      prompt: 'consent',
      state,
      code_challenge: options.challenge,
      code_challenge_method: options.method,
    }),
  );
  if (start.kind === 'redirect') return {back: new URL(start.url), state, browser};
  let page: Page = start;
  if (/Sign in to/.test(page.text)) {
    const email = options.email ?? 'ada@example.com';
    page = asPage(
      options.type
        ? await browser.submit(page, 'Sign in', {email})
        : await browser.submit(page, new RegExp(email.replace('.', '\\.'))),
    );
  }
  expect(page.text).toMatch(/Allow Keyring to use your account\?/);
  const back = new URL(asRedirect(await browser.submit(page, 'Allow')).url);
  if (back.searchParams.get('code')) secrets.push(back.searchParams.get('code') as string);
  return {back, state, browser};
}

async function post(name: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  const response = await fetch(endpoint(name), {
    method: 'POST',
    headers: {'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json', ...headers},
    body: new URLSearchParams(fields).toString(),
  });
  const text = await response.text();
  const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
  for (const key of ['access_token', 'refresh_token', 'id_token'])
    if (typeof body[key] === 'string') secrets.push(body[key] as string);
  return {status: response.status, body, headers: response.headers};
}

const exchange = (code: string, verifier: string, extra: Record<string, string> = {}) =>
  post('token', {
    grant_type: 'authorization_code',
    code,
    code_verifier: verifier,
    client_id: CLIENT,
    redirect_uri: REDIRECT,
    ...extra,
  });
const refresh = (token: string) =>
  post('token', {grant_type: 'refresh_token', refresh_token: token, client_id: CLIENT});
const revoke = (token: string, hint: string) => post('revoke', {token, token_type_hint: hint, client_id: CLIENT});

async function userinfo(accessToken: string) {
  const response = await fetch(endpoint('userinfo'), {
    headers: {Authorization: `Bearer ${accessToken}`, Accept: 'application/json'},
  });
  const text = await response.text();
  return {status: response.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown>};
}

/** A full sign-in and code exchange: the tokens a connected app holds. */
async function connect(email = 'ada@example.com') {
  const {verifier, challenge} = await pkce();
  const {back} = await signIn({challenge, method: 'S256', email});
  const {status, body} = await exchange(back.searchParams.get('code') as string, verifier);
  expect(status).toBe(200);
  return body as {
    access_token: string;
    refresh_token: string;
    expires_in: number;
    refresh_token_expires_in: number;
    scope: string;
    token_type: string;
  };
}

describe('discovery', () => {
  it('lists its endpoints under /oauth/ and S256 as the only PKCE method', async () => {
    const response = await fetch(`${provider.url}/.well-known/openid-configuration`);
    const doc = (await response.json()) as Record<string, unknown>;
    expect(doc.issuer).toBe(provider.url);
    expect(provider.url).toBe(`http://127.0.0.1:${provider.port}`);
    expect(doc.authorization_endpoint).toBe(endpoint('authorize'));
    expect(doc.token_endpoint).toBe(endpoint('token'));
    expect(doc.revocation_endpoint).toBe(endpoint('revoke'));
    expect(doc.userinfo_endpoint).toBe(endpoint('userinfo'));
    expect(doc.code_challenge_methods_supported).toEqual(['S256']);
  });
});

describe('authorization code with PKCE', () => {
  it('signs a listed user in, asks consent, and issues tokens for the verifier: userinfo names the user', async () => {
    const {verifier, challenge} = await pkce();
    const {back, state} = await signIn({challenge, method: 'S256', email: 'vic@example.com'});
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
    expect(back.searchParams.get('state')).toBe(state);
    expect(back.searchParams.get('iss')).toBe(provider.url);
    const before = Math.floor(Date.now() / 1000);
    const {status, body} = await exchange(back.searchParams.get('code') as string, verifier);
    expect(status).toBe(200);
    expect(body.token_type).toBe('Bearer');
    expect(body.expires_in).toBe(3600);
    expect(String(body.scope).split(' ').sort()).toEqual(SCOPES.split(' ').sort());
    expect(typeof body.refresh_token).toBe('string');
    // The refresh token's lifetime is stated, and it is the one the provider was started with.
    expect(body.refresh_token_expires_in).toBeGreaterThan(REFRESH_TTL - (Math.floor(Date.now() / 1000) - before) - 2);
    expect(body.refresh_token_expires_in).toBeLessThanOrEqual(REFRESH_TTL);
    expect(await userinfo(body.access_token as string)).toEqual({
      status: 200,
      body: {sub: 'vic@example.com', email: 'vic@example.com', email_verified: true, name: 'Vic Vance'},
    });
    // The ID token is signed with the key the provider publishes (ES256, see configuration.ts), and names the user.
    const [header, claims, signature] = String(body.id_token)
      .split('.')
      .map((part) => Buffer.from(part, 'base64url'));
    expect(JSON.parse(header.toString())).toMatchObject({alg: 'ES256'});
    expect(JSON.parse(claims.toString())).toMatchObject({sub: 'vic@example.com', aud: CLIENT, iss: provider.url});
    const {keys} = (await (await fetch(endpoint('jwks'))).json()) as {keys: JsonWebKey[]};
    const signed = String(body.id_token).split('.').slice(0, 2).join('.');
    const key = createPublicKey({key: keys[0], format: 'jwk'});
    expect(verify('sha256', Buffer.from(signed), {key, dsaEncoding: 'ieee-p1363'}, signature)).toBe(true);
    expect(verify('sha256', Buffer.from(`${signed}x`), {key, dsaEncoding: 'ieee-p1363'}, signature)).toBe(false);
  });

  it('a typed email address signs in too; a malformed one is refused on the page', async () => {
    const browser = newBrowser();
    const {challenge} = await pkce();
    const login = asPage(
      await browser.request(
        authorizeUrl({
          response_type: 'code',
          client_id: CLIENT,
          redirect_uri: REDIRECT,
          scope: SCOPES,
          prompt: 'consent',
          state: 's',
          code_challenge: challenge,
          code_challenge_method: 'S256',
        }),
      ),
    );
    expect(login.text).toMatch(/Ada Lovelace — ada@example\.com/);
    expect(login.text).toMatch(/Vic Vance — vic@example\.com/);
    const refused = asPage(await browser.submit(login, 'Sign in', {email: 'not an email'}));
    expect(refused.status).toBe(400);
    expect(refused.text).toMatch(/That is not an email address/);

    const {verifier, challenge: second} = await pkce();
    const {back} = await signIn({challenge: second, method: 'S256', email: 'Lin@Example.org', type: true});
    const {body} = await exchange(back.searchParams.get('code') as string, verifier);
    expect((await userinfo(body.access_token as string)).body).toMatchObject({
      sub: 'lin@example.org',
      email: 'lin@example.org',
    });
  });

  it('refuses an authorization request without a code challenge', async () => {
    const browser = newBrowser();
    const result = await browser.request(
      authorizeUrl({
        response_type: 'code',
        client_id: CLIENT,
        redirect_uri: REDIRECT,
        scope: SCOPES,
        state: 'nochallenge',
      }),
    );
    const back = new URL(asRedirect(result).url);
    expect(back.searchParams.get('error')).toBe('invalid_request');
    expect(back.searchParams.get('error_description')).toMatch(/requires PKCE/);
    expect(back.searchParams.get('code')).toBeNull();
    expect(back.searchParams.get('state')).toBe('nochallenge');
  });

  it('refuses the plain method', async () => {
    const verifier = randomVerifier();
    const browser = newBrowser();
    const result = await browser.request(
      authorizeUrl({
        response_type: 'code',
        client_id: CLIENT,
        redirect_uri: REDIRECT,
        scope: SCOPES,
        state: 'plain',
        code_challenge: verifier,
        code_challenge_method: 'plain',
      }),
    );
    const back = new URL(asRedirect(result).url);
    expect(back.searchParams.get('error')).toBe('invalid_request');
    expect(back.searchParams.get('error_description')).toMatch(/code_challenge_method/);
    expect(back.searchParams.get('code')).toBeNull();
  });

  it('refuses a wrong verifier, a missing verifier and another redirect URI', async () => {
    const {challenge} = await pkce();
    const {back} = await signIn({challenge, method: 'S256'});
    const code = back.searchParams.get('code') as string;
    const wrong = await exchange(code, randomVerifier());
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toBe('invalid_grant');
    expect(wrong.body.access_token).toBeUndefined();

    const {challenge: c2} = await pkce();
    const second = await signIn({challenge: c2, method: 'S256'});
    const missing = await post('token', {
      grant_type: 'authorization_code',
      code: second.back.searchParams.get('code') as string,
      client_id: CLIENT,
      redirect_uri: REDIRECT,
    });
    expect(missing.status).toBe(400);
    expect(missing.body.access_token).toBeUndefined();

    const {verifier: v3, challenge: c3} = await pkce();
    const third = await signIn({challenge: c3, method: 'S256'});
    const elsewhere = await exchange(third.back.searchParams.get('code') as string, v3, {
      redirect_uri: `${DASHBOARD}/apps-oauth/com.keyring.credentials`,
    });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.access_token).toBeUndefined();
  });

  it('a code works once: the replay is refused and what the first exchange issued is revoked', async () => {
    const {verifier, challenge} = await pkce();
    const {back} = await signIn({challenge, method: 'S256'});
    const code = back.searchParams.get('code') as string;
    const first = await exchange(code, verifier);
    expect(first.status).toBe(200);
    expect((await userinfo(first.body.access_token as string)).status).toBe(200);
    const replay = await exchange(code, verifier);
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe('invalid_grant');
    expect((await userinfo(first.body.access_token as string)).status).toBe(401);
    expect((await refresh(first.body.refresh_token as string)).body.error).toBe('invalid_grant');
  });

  it('does not redirect to an unregistered redirect URI, and says so on its own page', async () => {
    const {challenge} = await pkce();
    const result = await newBrowser().request(
      authorizeUrl({
        response_type: 'code',
        client_id: CLIENT,
        redirect_uri: 'http://127.0.0.1:9/steal',
        scope: SCOPES,
        state: 's',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      }),
    );
    const page = asPage(result);
    expect(page.status).toBe(400);
    expect(page.text).toMatch(/redirect_uri/);
  });

  it('Deny on the consent page, and Cancel on the login page, send access_denied back with the state', async () => {
    const {challenge} = await pkce();
    const browser = newBrowser();
    const url = authorizeUrl({
      response_type: 'code',
      client_id: CLIENT,
      redirect_uri: REDIRECT,
      scope: SCOPES,
      prompt: 'consent',
      state: 'deny-me',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const consent = asPage(await browser.submit(asPage(await browser.request(url)), /ada@example\.com/));
    const denied = new URL(asRedirect(await browser.submit(consent, 'Deny')).url);
    expect(denied.searchParams.get('error')).toBe('access_denied');
    expect(denied.searchParams.get('state')).toBe('deny-me');
    expect(denied.searchParams.get('code')).toBeNull();

    const other = newBrowser();
    const login = asPage(await other.request(url.replace('deny-me', 'cancel-me')));
    const cancelled = new URL(asRedirect(await other.submit(login, 'Cancel')).url);
    expect(cancelled.searchParams.get('error')).toBe('access_denied');
    expect(cancelled.searchParams.get('state')).toBe('cancel-me');
  });

  it('a sign-in page submitted from another browser (no interaction cookie) is refused, not completed', async () => {
    const {challenge} = await pkce();
    const url = authorizeUrl({
      response_type: 'code',
      client_id: CLIENT,
      redirect_uri: REDIRECT,
      scope: SCOPES,
      prompt: 'consent',
      state: 'x',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const login = asPage(await newBrowser().request(url));
    const stranger = asPage(await newBrowser().submit(login, /ada@example\.com/));
    expect(stranger.status).toBe(400);
    expect(stranger.text).toMatch(/This sign-in has expired/);
  });
});

describe('refresh tokens', () => {
  it('a refresh gives a working access token and a new refresh token; the used one is refused afterwards', async () => {
    const tokens = await connect();
    const refreshed = await refresh(tokens.refresh_token);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.access_token).not.toBe(tokens.access_token);
    expect(refreshed.body.refresh_token).not.toBe(tokens.refresh_token);
    expect(refreshed.body.refresh_token_expires_in).toBeLessThanOrEqual(tokens.refresh_token_expires_in);
    expect((await userinfo(refreshed.body.access_token as string)).status).toBe(200);
    // Rotation: reusing the old refresh token is refused, and ends the grant: the tokens just issued die too.
    expect((await refresh(tokens.refresh_token)).body.error).toBe('invalid_grant');
    expect((await refresh(refreshed.body.refresh_token as string)).body.error).toBe('invalid_grant');
    expect((await userinfo(refreshed.body.access_token as string)).status).toBe(401);
  });

  it('an access token stops working when its lifetime runs out, and a refresh brings a working one', async () => {
    const short = await spawnOAuthProvider({redirectUris: [REDIRECT], accessTokenTtl: 60});
    try {
      const verifier = randomVerifier();
      const browser = new Browser((url) => url.origin === DASHBOARD);
      const url = new URL(`${short.url}/oauth/authorize`);
      url.search = new URLSearchParams({
        response_type: 'code',
        client_id: CLIENT,
        redirect_uri: REDIRECT,
        scope: SCOPES,
        prompt: 'consent',
        state: 'short',
        code_challenge: await s256Challenge(verifier),
        code_challenge_method: 'S256',
      }).toString();
      const consent = asPage(await browser.submit(asPage(await browser.request(url.href)), /ada@example\.com/));
      const code = new URL(asRedirect(await browser.submit(consent, 'Allow')).url).searchParams.get('code') as string;
      const form = (fields: Record<string, string>) => ({
        method: 'POST',
        headers: {'Content-Type': 'application/x-www-form-urlencoded'},
        body: new URLSearchParams(fields).toString(),
      });
      const tokens = (await (
        await fetch(
          `${short.url}/oauth/token`,
          form({
            grant_type: 'authorization_code',
            code,
            code_verifier: verifier,
            client_id: CLIENT,
            redirect_uri: REDIRECT,
          }),
        )
      ).json()) as Record<string, string | number>;
      expect(tokens.expires_in).toBe(60);
      const status = async (token: unknown) =>
        (await fetch(`${short.url}/oauth/userinfo`, {headers: {Authorization: `Bearer ${String(token)}`}})).status;
      expect(await status(tokens.access_token)).toBe(200);
      // The provider's clock moves on past the lifetime: nothing here waits for it.
      await short.advanceClock(61);
      expect(await status(tokens.access_token)).toBe(401);
      const refreshed = (await (
        await fetch(
          `${short.url}/oauth/token`,
          form({grant_type: 'refresh_token', refresh_token: String(tokens.refresh_token), client_id: CLIENT}),
        )
      ).json()) as Record<string, string>;
      expect(await status(refreshed.access_token)).toBe(200);
    } finally {
      await short.close();
    }
  });
});

/** Runs `fn` against a provider started with `options` (the helpers above talk to it meanwhile). */
async function using(
  options: Partial<Parameters<typeof spawnOAuthProvider>[0]>,
  fn: (at: RunningOAuthProvider) => Promise<void>,
) {
  const saved = provider;
  const other = await spawnOAuthProvider({redirectUris: [REDIRECT], refreshTokenTtl: REFRESH_TTL, ...options});
  provider = other;
  try {
    await fn(other);
  } finally {
    provider = saved;
    await other.close();
  }
}

describe('options that model real providers', () => {
  it('a refresh reuse grace period: the rotated refresh token works again within it, and both new sets work', async () => {
    await using({refreshReuseGrace: 30}, async () => {
      const tokens = await connect();
      const first = await refresh(tokens.refresh_token);
      const second = await refresh(tokens.refresh_token);
      expect([first.status, second.status]).toEqual([200, 200]);
      expect(second.body.refresh_token).not.toBe(first.body.refresh_token);
      for (const set of [first.body, second.body])
        expect((await userinfo(set.access_token as string)).status).toBe(200);
      // Each new refresh token rotates on its own; the grant lives on.
      expect((await refresh(first.body.refresh_token as string)).status).toBe(200);
      expect((await refresh(second.body.refresh_token as string)).status).toBe(200);
    });
  });

  it('refresh reuse "refuse": a reused refresh token is refused, and the grant (the new tokens) lives on', async () => {
    await using({refreshReuse: 'refuse'}, async () => {
      const tokens = await connect();
      const first = await refresh(tokens.refresh_token);
      expect(first.status).toBe(200);
      expect((await refresh(tokens.refresh_token)).body.error).toBe('invalid_grant');
      expect((await userinfo(first.body.access_token as string)).status).toBe(200);
      expect((await refresh(first.body.refresh_token as string)).status).toBe(200);
    });
  });

  it.each([2048, 8192])(
    'token sizes of real providers: %i-character access and refresh tokens, a longer ID token; all usable',
    async (size) => {
      // 8,192 is the documented maximum; above 2,688 every code exchange answered 500 (nanoid outgrew getRandomValues).
      await using({tokenSize: size}, async () => {
        const tokens = (await connect()) as Record<string, unknown> & {access_token: string; refresh_token: string};
        expect(tokens.access_token).toHaveLength(size);
        expect(tokens.refresh_token).toHaveLength(size);
        expect(String(tokens.id_token).length).toBeGreaterThanOrEqual(size);
        expect(String(tokens.id_token).split('.')).toHaveLength(3);
        expect((await userinfo(tokens.access_token)).status).toBe(200);
        const refreshed = await refresh(tokens.refresh_token);
        expect(refreshed.status).toBe(200);
        expect(refreshed.body.refresh_token).toHaveLength(size);
        expect((await revoke(refreshed.body.refresh_token as string, 'refresh_token')).status).toBe(200);
        expect((await refresh(refreshed.body.refresh_token as string)).body.error).toBe('invalid_grant');
      });
    },
  );

  it('a slow token endpoint answers after the delay; a hanging one never answers, and closing still stops it', async () => {
    await using({tokenDelay: 300}, async () => {
      const tokens = await connect();
      const started = performance.now();
      expect((await refresh(tokens.refresh_token)).status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    });
    let closedIn = 0;
    await using({tokenDelay: 'hang'}, async (at) => {
      const {verifier, challenge} = await pkce();
      const {back} = await signIn({challenge, method: 'S256'});
      const request = fetch(`${at.url}/oauth/token`, {
        method: 'POST',
        headers: {'Content-Type': 'application/x-www-form-urlencoded'},
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: back.searchParams.get('code') as string,
          code_verifier: verifier,
          client_id: CLIENT,
          redirect_uri: REDIRECT,
        }).toString(),
        signal: AbortSignal.timeout(400),
      });
      await expect(request).rejects.toMatchObject({name: 'TimeoutError'});
      // Other endpoints keep answering.
      expect((await fetch(`${at.url}/.well-known/openid-configuration`)).status).toBe(200);
      const pending = fetch(`${at.url}/oauth/token`, {method: 'POST', body: 'grant_type=refresh_token'}).catch(
        () => 'closed',
      );
      const start = performance.now();
      await at.close();
      closedIn = performance.now() - start;
      expect(await pending).toBe('closed');
    });
    expect(closedIn).toBeLessThan(5_000);
  });
});

describe('revocation', () => {
  it('revoking the refresh token ends the grant: refresh refused, its access token refused at userinfo', async () => {
    const tokens = await connect();
    const revoked = await revoke(tokens.refresh_token, 'refresh_token');
    expect(revoked.status).toBe(200);
    expect((await refresh(tokens.refresh_token)).body.error).toBe('invalid_grant');
    expect((await userinfo(tokens.access_token)).status).toBe(401);
  });

  it('revoking an access token leaves the refresh token working', async () => {
    const tokens = await connect();
    expect((await revoke(tokens.access_token, 'access_token')).status).toBe(200);
    expect((await userinfo(tokens.access_token)).status).toBe(401);
    expect((await refresh(tokens.refresh_token)).status).toBe(200);
  });

  it('an unknown token is accepted quietly (RFC 7009)', async () => {
    expect((await revoke('not-a-token', 'refresh_token')).status).toBe(200);
  });
});

describe('browsers', () => {
  it('answers the local Dashboard with CORS on token, userinfo and revocation, and refuses other origins', async () => {
    const tokens = await connect();
    const origin = DASHBOARD;
    const preflight = await fetch(endpoint('userinfo'), {
      method: 'OPTIONS',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'authorization',
      },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
    const info = await fetch(endpoint('userinfo'), {
      headers: {Authorization: `Bearer ${tokens.access_token}`, Origin: origin},
    });
    expect(info.headers.get('access-control-allow-origin')).toBe(origin);
    const refreshed = await post(
      'token',
      {grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: CLIENT},
      {Origin: origin},
    );
    expect(refreshed.status).toBe(200);
    expect(refreshed.headers.get('access-control-allow-origin')).toBe(origin);
    const revoked = await post(
      'revoke',
      {token: refreshed.body.refresh_token as string, client_id: CLIENT},
      {Origin: origin},
    );
    expect(revoked.headers.get('access-control-allow-origin')).toBe(origin);

    const other = await connect();
    const foreign = await post(
      'token',
      {grant_type: 'refresh_token', refresh_token: other.refresh_token, client_id: CLIENT},
      {Origin: 'https://evil.example'},
    );
    expect(foreign.status).toBe(400);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    expect(foreign.body.access_token).toBeUndefined();
  });

  it('logs one line per request with no token, code, verifier or query string in it', () => {
    expect(log.length).toBeGreaterThan(10);
    for (const line of log) expect(line).toMatch(/^(GET|POST|OPTIONS) \/[^?\s]* → \d{3} \d+\.\d ms$/);
    const joined = log.join('\n');
    expect(secrets.length).toBeGreaterThan(10);
    for (const secret of secrets) expect(joined).not.toContain(secret);
  });
});

describe('npm run oauth', () => {
  const ROOT = resolve(__dirname, '../../..');
  const run = (args: string[]) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'local/oauth/cli.ts', ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    return {child, exited, out: () => out, err: () => err};
  };

  it('refuses to start without a redirect URI, and with a bad TTL, saying why', async () => {
    const none = run(['--port', '0']);
    expect(await none.exited).toBe(2);
    expect(none.err()).toMatch(/Give at least one --redirect-uri/);
    const badTtl = run(['--port', '0', '--redirect-uri', REDIRECT, '--access-ttl', '0']);
    expect(await badTtl.exited).toBe(2);
    expect(badTtl.err()).toMatch(/--access-ttl must be a whole number of seconds/);
    const badDelay = run(['--port', '0', '--redirect-uri', REDIRECT, '--token-delay', 'soon']);
    expect(await badDelay.exited).toBe(2);
    expect(badDelay.err()).toMatch(/--token-delay must be a whole number of milliseconds, or hang/);
  });

  it('prints one listening line, logs requests, warns about nothing, and stops cleanly on SIGINT', async () => {
    const cli = run(['--port', '0', '--redirect-uri', REDIRECT]);
    const deadline = Date.now() + 20_000;
    while (!/listening on/.test(cli.out()) && Date.now() < deadline) await new Promise((done) => setTimeout(done, 50));
    const match = /^OAuth provider listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(cli.out());
    expect(match).not.toBeNull();
    await (await fetch(`${match?.[1]}/.well-known/openid-configuration`)).arrayBuffer();
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
    const lines = cli.out().trim().split('\n');
    expect(lines).toEqual([
      `OAuth provider listening on ${match?.[1]}`,
      expect.stringMatching(/^GET \/\.well-known\/openid-configuration → 200 /),
      'OAuth provider: SIGINT, stopping',
    ]);
    expect(cli.err()).toBe('');
  });
});

/** How `npm start` runs it: outside Jest there is no pool of loaded processes (spawn.ts), so each start loads. */
describe('a provider in a process of its own', () => {
  let pool: unknown;
  beforeAll(() => {
    pool = (globalThis as Record<string, unknown>)[OAUTH_POOL];
    delete (globalThis as Record<string, unknown>)[OAUTH_POOL];
  });
  afterAll(() => {
    (globalThis as Record<string, unknown>)[OAUTH_POOL] = pool;
  });

  test('the port is bound before the provider has loaded: a request made at once waits in the queue and is answered', async () => {
    const early = await spawnOAuthProvider({redirectUris: [REDIRECT], returnWhenBound: true});
    try {
      let up = false;
      void early.listening.then(() => (up = true));
      // The child is still loading oidc-provider: nothing accepts yet, but the socket listens and keeps the connection.
      const answer = fetch(`${early.url}/.well-known/openid-configuration`);
      expect(up).toBe(false);
      const response = await answer;
      expect(response.status).toBe(200);
      expect(((await response.json()) as {issuer: string}).issuer).toBe(early.url);
      await early.listening;
    } finally {
      await early.close();
    }
  });

  test('a provider closed while it is still loading stops, and `listening` says it never listened', async () => {
    const early = await spawnOAuthProvider({redirectUris: [REDIRECT], returnWhenBound: true});
    await early.close();
    await expect(early.listening).rejects.toThrow(/exited before listening/);
    // Its port is free again: nothing of it is left.
    await expect(fetch(`${early.url}/.well-known/openid-configuration`)).rejects.toThrow();
  });
});
