import {createServer, type Server} from 'node:http';
import {join, resolve} from 'node:path';
import {randomVerifier, s256Challenge} from '../../local/platform/pkce';
import {loadManifest} from '../../local/manifest/load';
import {spawnOAuthProvider, type SpawnOAuthProviderOptions} from '../../local/oauth/spawn';
import type {RunningOAuthProvider} from '../../local/oauth/options';
import type {ProviderConfig} from '../../src/config';
import * as connection from '../../src/oauth/connection';
import {authorizeUrl, type TokenSet} from '../../src/oauth/protocol';
import {maxExpiresAt, saveSecret, scopeFor, SECRET_LIMITS} from '../../src/secrets';
import {ADA, startTestDashboard, type TestDashboard} from '../support/dashboard';
import {asPage, asRedirect, Browser} from '../../local/oauth/testing';

/**
 * The connection functions (`src/oauth/connection.ts`) against the real local provider, started with the settings
 * real providers use (a refresh-token reuse grace period, 2 KB tokens, a silent token endpoint), and the Secret Store
 * emulator through the app's own client. Expiry is reached by rewriting the stored expiry, never by waiting.
 */
jest.setTimeout(60_000);

const LOCAL = loadManifest(join(resolve(__dirname, '../..'), 'stripe-app.local.json'));
const CONSTANTS = LOCAL.constants as {appId: string; dashboardOrigin: string; provider: ProviderConfig};
const RETURN = `${CONSTANTS.dashboardOrigin}/test/apps-oauth/${CONSTANTS.appId}`;
const NAME = 'keyring.oauth';

let dashboard: TestDashboard;
const providers: RunningOAuthProvider[] = [];

beforeEach(async () => {
  dashboard = await startTestDashboard();
});
afterEach(async () => {
  await dashboard.close();
  await Promise.all(providers.splice(0).map((p) => p.close()));
});

interface Provider {
  at: RunningOAuthProvider;
  log: string[];
  config: ProviderConfig;
}

async function startProvider(options: Partial<SpawnOAuthProviderOptions> = {}): Promise<Provider> {
  const log: string[] = [];
  const at = await spawnOAuthProvider({redirectUris: [RETURN], log: (line) => log.push(line), ...options});
  providers.push(at);
  const endpoint = (name: string) => `${at.url}/oauth/${name}`;
  const config = {
    ...CONSTANTS.provider,
    authorizeUrl: endpoint('authorize'),
    tokenUrl: endpoint('token'),
    revokeUrl: endpoint('revoke'),
    userinfoUrl: endpoint('userinfo'),
  };
  return {at, log, config};
}

const depsFor = (p: Provider, extra: Partial<connection.ConnectionDeps> = {}): connection.ConnectionDeps => ({
  provider: p.config,
  scope: scopeFor('user', {id: ADA.id}),
  ...extra,
});

/** A person signs in at the provider; the app exchanges the code and stores the tokens. */
async function connect(p: Provider, extra: Partial<connection.ConnectionDeps> = {}): Promise<TokenSet> {
  const verifier = randomVerifier();
  const href = authorizeUrl(p.config, {
    redirectUri: RETURN,
    state: `s-${ADA.id}`,
    challenge: await s256Challenge(verifier),
  });
  const browser = new Browser((url) => url.origin === CONSTANTS.dashboardOrigin);
  const consent = asPage(await browser.submit(asPage(await browser.request(href)), /ada@example\.com/));
  const code = new URL(asRedirect(await browser.submit(consent, 'Allow')).url).searchParams.get('code') as string;
  return connection.completeConnection(depsFor(p, extra), {code, verifier, redirectUri: RETURN});
}

async function storedSecret(): Promise<
  {payload: string; tokens: TokenSet & {v?: number}; expires_at: number | null} | undefined
> {
  const list = await dashboard.backend.apps.secrets.list({
    scope: {type: 'user', user: ADA.id},
    expand: ['data.payload'],
  });
  const secret = list.data.find((s) => s.name === NAME);
  if (!secret) return undefined;
  return {
    payload: String(secret.payload),
    tokens: JSON.parse(String(secret.payload)) as TokenSet,
    expires_at: secret.expires_at ?? null,
  };
}

/** The access token ran out: the stored expiry is rewritten to the past (the provider's token may still work). */
async function expireStoredAccessToken(): Promise<void> {
  const secret = await storedSecret();
  if (!secret) throw new Error('nothing stored');
  const {v: _v, ...tokens} = secret.tokens;
  await dashboard.backend.apps.secrets.create({
    scope: {type: 'user', user: ADA.id},
    name: NAME,
    payload: JSON.stringify({v: 1, ...tokens, access_expires_at: Math.floor(Date.now() / 1000) - 10}),
    ...(secret.expires_at ? {expires_at: secret.expires_at} : {}),
  });
}

async function userinfoStatus(p: Provider, accessToken: string): Promise<number> {
  const response = await fetch(p.config.userinfoUrl as string, {headers: {Authorization: `Bearer ${accessToken}`}});
  await response.arrayBuffer();
  return response.status;
}

async function refreshAtProvider(
  p: Provider,
  refreshToken: string,
): Promise<{status: number; body: Record<string, unknown>}> {
  const response = await fetch(p.config.tokenUrl, {
    method: 'POST',
    headers: {'Content-Type': 'application/x-www-form-urlencoded'},
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: p.config.clientId,
    }).toString(),
  });
  return {status: response.status, body: (await response.json()) as Record<string, unknown>};
}

const tokenRequests = (p: Provider) => p.log.filter((line) => /^POST \/oauth\/token /.test(line)).length;

let markers = 0;

/**
 * The token requests the provider has answered, counted once the log is complete up to now. Its log comes over a
 * pipe, a moment after its answers, one line per request in the order they finished: the test sends a marker request
 * of its own and counts when the marker's line is in, so every request the app finished before it is counted — never
 * a count taken while a line is still on its way.
 */
async function settledTokenRequests(p: Provider): Promise<number> {
  const path = `/oauth/marker-${(markers += 1)}`;
  await (await fetch(`${p.at.url}${path}`)).arrayBuffer();
  const deadline = Date.now() + 5_000;
  while (!p.log.some((line) => line.startsWith(`GET ${path} `))) {
    if (Date.now() > deadline) throw new Error(`the provider never logged ${path}`);
    await new Promise((next) => setTimeout(next, 5));
  }
  return tokenRequests(p);
}

/**
 * A slow network between one tab and the provider: forwards each request to `target` after `ms`. It only delays; the
 * provider answers. Stopped after the test.
 */
async function slowRoute(target: string, ms: number): Promise<string> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      setTimeout(() => {
        fetch(new URL(req.url ?? '/', target), {
          method: req.method,
          headers: {'Content-Type': String(req.headers['content-type'] ?? '')},
          body: chunks.length ? Buffer.concat(chunks) : undefined,
        })
          .then(async (answer) => {
            res.writeHead(answer.status, {'Content-Type': answer.headers.get('content-type') ?? 'application/json'});
            res.end(Buffer.from(await answer.arrayBuffer()));
          })
          .catch(() => res.destroy());
      }, ms);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  providers.push({url: '', port: 0, close: () => new Promise<void>((done) => server.close(() => done()))});
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

/** Another Dashboard tab: the same app in its own worker, so its own copy of every module (and no shared memory). */
function anotherTab(): typeof connection {
  let copy: typeof connection | undefined;
  jest.isolateModules(() => {
    copy = jest.requireActual<typeof connection>('../../src/oauth/connection');
  });
  return copy as typeof connection;
}

describe('two refreshes at once', () => {
  it.each([
    ['off', 0],
    ['on', 30],
  ])(
    'in one tab, grace period %s: one refresh is sent, both callers get working tokens, the newest set is stored',
    async (_label, grace) => {
      const p = await startProvider({refreshReuseGrace: grace});
      const first = await connect(p);
      await expireStoredAccessToken();
      const before = await settledTokenRequests(p); // the code exchange

      const [a, b] = await Promise.all([connection.usableTokens(depsFor(p)), connection.usableTokens(depsFor(p))]);
      expect(await settledTokenRequests(p)).toBe(before + 1);
      expect(a).toEqual(b);
      expect(a.access_token).not.toBe(first.access_token);
      expect(a.refresh_token).not.toBe(first.refresh_token);
      expect(await userinfoStatus(p, a.access_token)).toBe(200);
      expect((await storedSecret())?.tokens).toMatchObject({
        access_token: a.access_token,
        refresh_token: a.refresh_token,
      });
      // Still connected: the stored refresh token works at the provider, and the app says who the person is.
      expect((await connection.connectedUser(depsFor(p))).email).toBe('ada@example.com');
    },
  );

  it('in two tabs (each its own worker) with the provider’s grace period on: both get working tokens, the person stays connected', async () => {
    // The token endpoint answers after 300 ms, so both tabs' refreshes are at the provider at the same time.
    const p = await startProvider({refreshReuseGrace: 30, tokenDelay: 300});
    const first = await connect(p);
    await expireStoredAccessToken();
    const before = await settledTokenRequests(p); // the code exchange
    const tab = anotherTab();

    const [a, b] = await Promise.all([connection.usableTokens(depsFor(p)), tab.usableTokens(depsFor(p))]);
    expect(await settledTokenRequests(p)).toBe(before + 2);
    for (const set of [a, b]) {
      expect(set.refresh_token).not.toBe(first.refresh_token);
      expect(await userinfoStatus(p, set.access_token)).toBe(200);
    }
    const stored = (await storedSecret())?.tokens;
    expect([a.access_token, b.access_token]).toContain(stored?.access_token);
    expect((await refreshAtProvider(p, String(stored?.refresh_token))).status).toBe(200);
  });

  it('a tab whose refresh loses the race (refused, the grant kept) reads the secret again and uses the newer set', async () => {
    // A provider that refuses a reused refresh token without ending the grant; the second tab's route to it is slow,
    // so its refresh of the same token arrives after the first tab has refreshed and stored the new set.
    const p = await startProvider({refreshReuse: 'refuse'});
    await connect(p);
    await expireStoredAccessToken();
    const before = await settledTokenRequests(p); // the code exchange
    // Both tabs read the expired set at once; the first tab's refresh reaches the provider after 150 ms (well after
    // both reads), the second tab's after 700 ms (well after the first tab stored the new set).
    const quick = await slowRoute(p.at.url, 150);
    const slow = await slowRoute(p.at.url, 700);
    const tab = anotherTab();
    const via = (route: string) => depsFor(p, {provider: {...p.config, tokenUrl: `${route}/oauth/token`}});

    const [a, b] = await Promise.all([connection.usableTokens(via(quick)), tab.usableTokens(via(slow))]);
    expect(await settledTokenRequests(p)).toBe(before + 2);
    expect(p.log.filter((line) => /^POST \/oauth\/token → 400/.test(line))).toHaveLength(1);
    expect(b).toMatchObject({access_token: a.access_token, refresh_token: a.refresh_token});
    expect(await userinfoStatus(p, b.access_token)).toBe(200);
    expect((await storedSecret())?.tokens).toMatchObject({
      access_token: a.access_token,
      refresh_token: a.refresh_token,
    });
    expect(dashboard.host.requests.some((r) => r.path.startsWith('/v1/apps/secrets/delete'))).toBe(false);
  });
});

describe('a provider that does not answer', () => {
  it('a hanging token endpoint: Connect fails within the timeout with a clear message, nothing is stored', async () => {
    const p = await startProvider({tokenDelay: 'hang'});
    const started = Date.now();
    await expect(connect(p, {provider: {...p.config, timeoutSeconds: 0.5}})).rejects.toMatchObject({
      code: 'timeout',
      message: 'The sign-in service didn’t answer within 0.5 s. Try again in a moment.',
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await storedSecret()).toBeUndefined();
  });

  it('a refresh that hangs: a clear error within the timeout, and the connection kept', async () => {
    const [slow, normal] = await Promise.all([startProvider({tokenDelay: 'hang'}), startProvider()]);
    await connect(normal);
    await expireStoredAccessToken();
    const before = await storedSecret();
    // The same connection, now pointed at a token endpoint that never answers.
    const deps = depsFor(normal, {provider: {...normal.config, tokenUrl: slow.config.tokenUrl, timeoutSeconds: 0.3}});
    await expect(connection.usableTokens(deps)).rejects.toMatchObject({code: 'timeout'});
    expect(await storedSecret()).toEqual(before);
  });
});

describe('token sizes of real providers', () => {
  it('2,048-character access and refresh tokens connect, refresh and disconnect; the ID token is not stored', async () => {
    const p = await startProvider({tokenSize: 2048});
    const tokens = await connect(p);
    expect(tokens.access_token).toHaveLength(2048);
    expect(tokens.refresh_token).toHaveLength(2048);
    const stored = await storedSecret();
    expect(stored?.tokens.access_token).toBe(tokens.access_token);
    expect(stored?.payload).not.toMatch(/id_token/);
    expect(stored?.payload.length).toBeLessThanOrEqual(SECRET_LIMITS.maxStringLength);

    await expireStoredAccessToken();
    const refreshed = await connection.usableTokens(depsFor(p));
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect((await connection.connectedUser(depsFor(p))).email).toBe('ada@example.com');

    await connection.disconnect(depsFor(p));
    expect(await storedSecret()).toBeUndefined();
    expect((await refreshAtProvider(p, String(refreshed.refresh_token))).body.error).toBe('invalid_grant');
  });

  it('tokens too long to keep together: the refresh token alone is kept, and the next use refreshes', async () => {
    const p = await startProvider({tokenSize: 2600});
    const tokens = await connect(p);
    const stored = await storedSecret();
    expect(stored?.tokens).toMatchObject({access_token: '', refresh_token: tokens.refresh_token});
    const used = await connection.usableTokens(depsFor(p));
    expect(used.access_token).toHaveLength(2600);
    expect(await userinfoStatus(p, used.access_token)).toBe(200);
  });

  it("8,192-character tokens (the provider's largest) are issued; a refresh token alone too long is refused in words", async () => {
    // Above 2,688 characters the provider answered 500 on every code exchange (nanoid's pool outgrew getRandomValues).
    const p = await startProvider({tokenSize: 8192});
    await expect(connect(p)).rejects.toMatchObject({detail: {code: 'too_large', max: SECRET_LIMITS.maxStringLength}});
    expect(await storedSecret()).toBeUndefined();
  });

  it('a refresh token lifetime beyond Stripe’s 100 years connects: the secret’s expiry is clamped, nothing revoked', async () => {
    const p = await startProvider({refreshTokenTtl: 150 * 365 * 86_400});
    const tokens = await connect(p);
    const stored = await storedSecret();
    const now = Math.floor(Date.now() / 1000);
    expect(tokens.refresh_expires_at).toBeGreaterThan(maxExpiresAt(now));
    expect(stored?.expires_at).toBeLessThanOrEqual(maxExpiresAt(now) - 86_400);
    expect(stored?.expires_at).toBeGreaterThan(maxExpiresAt(now) - 2 * 86_400);
    expect(await userinfoStatus(p, tokens.access_token)).toBe(200);
  });

  it('payload lengths count code points, as Stripe does', async () => {
    const emoji = '🔑'.repeat(1300); // 2,600 UTF-16 units, 1,300 characters
    const payload = connection.payloadFor({access_token: emoji, refresh_token: emoji, token_type: 'Bearer'});
    expect(payload.length).toBeGreaterThan(SECRET_LIMITS.maxStringLength);
    expect(JSON.parse(payload)).toMatchObject({access_token: emoji, refresh_token: emoji});
    // The app's check and the Secret Store agree: 5,000 characters pass, whatever their UTF-16 length; 5,001 do not.
    const scope = scopeFor('user', {id: ADA.id});
    await expect(saveSecret(scope, NAME, '🔑'.repeat(5000))).resolves.toMatchObject({name: NAME});
    await expect(saveSecret(scope, NAME, '🔑'.repeat(5001), {payloadLabel: 'Connection'})).rejects.toThrow(
      'Connection must be at most 5000 characters.',
    );
  });
});
