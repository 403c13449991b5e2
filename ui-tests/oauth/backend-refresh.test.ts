import {join, resolve} from 'node:path';
import {startBackend, type RunningBackend} from '../../backend/src/server';
import {loadManifest} from '../../local/manifest/load';
import {spawnOAuthProvider} from '../../local/oauth/spawn';
import type {RunningOAuthProvider} from '../../local/oauth/options';
import {randomVerifier, s256Challenge} from '../../local/platform/pkce';
import {asPage, asRedirect, Browser} from '../../local/oauth/testing';
import {backendCaller, type BackendCaller} from '../../src/backend/request';
import type {ProviderConfig} from '../../src/config';
import * as connection from '../../src/oauth/connection';
import {OAuthError} from '../../src/oauth/errors';
import {authorizeUrl, type TokenSet} from '../../src/oauth/protocol';
import {scopeFor} from '../../src/secrets';
import {ACCOUNT, ADA, startTestDashboard, type TestDashboard} from '../support/dashboard';

/**
 * One refresher per connection: with a backend configured, the views never present a refresh token — they ask the
 * backend (`connection.refresh`, signed by the Dashboard through the emulator) and read what it stored. Against the
 * real emulator, a real backend and the strict local provider (no reuse grace; a reuse ends the grant), two tabs (each
 * its own copy of the modules, as each tab is its own worker) using one expired connection at once make exactly one
 * refresh and stay connected; the same two tabs without a backend end the grant (the failure this prevents).
 */
jest.setTimeout(60_000);

const LOCAL = loadManifest(join(resolve(__dirname, '../..'), 'stripe-app.local.json'));
const CONSTANTS = LOCAL.constants as {appId: string; dashboardOrigin: string; provider: ProviderConfig};
const RETURN = `${CONSTANTS.dashboardOrigin}/test/apps-oauth/${CONSTANTS.appId}`;
const NAME = 'keyring.oauth';

let dashboard: TestDashboard;
let provider: RunningOAuthProvider;
let backend: RunningBackend;
let config: ProviderConfig;
const log: string[] = [];

beforeEach(async () => {
  log.length = 0;
  dashboard = await startTestDashboard();
  // The token endpoint answers after 300 ms, so concurrent refreshes are at the provider at the same time.
  provider = await spawnOAuthProvider({
    redirectUris: [RETURN],
    refreshReuseGrace: 0,
    refreshReuse: 'revoke',
    tokenDelay: 300,
    log: (line) => log.push(line),
  });
  const endpoint = (name: string) => `${provider.url}/oauth/${name}`;
  config = {
    ...CONSTANTS.provider,
    authorizeUrl: endpoint('authorize'),
    tokenUrl: endpoint('token'),
    revokeUrl: endpoint('revoke'),
    userinfoUrl: endpoint('userinfo'),
  };
  backend = await startBackend({
    port: 0,
    env: {
      STRIPE_SECRET_KEY: 'sk_test_keyringbackendrefresh',
      STRIPE_API_BASE: dashboard.emulator.url,
      KEYRING_SIGNING_SECRETS: dashboard.emulator.signingSecrets().join(','),
      KEYRING_PROVIDER_TOKEN_URL: config.tokenUrl,
      KEYRING_PROVIDER_USERINFO_URL: config.userinfoUrl,
      KEYRING_PROVIDER_KEY_CHECK_URL: `${provider.url}/api/key-check`,
      KEYRING_PROVIDER_CLIENT_ID: config.clientId,
    },
  });
});
afterEach(async () => {
  await backend?.close();
  await provider?.close();
  await dashboard?.close();
});

/** The caller the views build from their context (the SDK's fetchStripeSignature, through the installed host). */
function caller(url = `${backend.url}/`): BackendCaller {
  const made = backendCaller(url, dashboard.context());
  if (!made) throw new Error('no caller');
  return made;
}

const depsFor = (extra: Partial<connection.ConnectionDeps> = {}): connection.ConnectionDeps => ({
  provider: config,
  scope: scopeFor('user', {id: ADA.id}),
  ...extra,
});

async function connect(): Promise<TokenSet> {
  const verifier = randomVerifier();
  const href = authorizeUrl(config, {
    redirectUri: RETURN,
    state: `s-${ADA.id}`,
    challenge: await s256Challenge(verifier),
  });
  const browser = new Browser((url) => url.origin === CONSTANTS.dashboardOrigin);
  const consent = asPage(await browser.submit(asPage(await browser.request(href)), /ada@example\.com/));
  const code = new URL(asRedirect(await browser.submit(consent, 'Allow')).url).searchParams.get('code') as string;
  return connection.completeConnection(depsFor(), {code, verifier, redirectUri: RETURN});
}

async function stored(): Promise<TokenSet | undefined> {
  const list = await dashboard.backend.apps.secrets.list({
    scope: {type: 'user', user: ADA.id},
    expand: ['data.payload'],
  });
  const secret = list.data.find((s) => s.name === NAME);
  return secret ? (JSON.parse(String(secret.payload)) as TokenSet) : undefined;
}

/** The stored access token ran out: its expiry is rewritten to the past (the provider's token may still work). */
async function expireStoredAccessToken(): Promise<void> {
  const list = await dashboard.backend.apps.secrets.list({
    scope: {type: 'user', user: ADA.id},
    expand: ['data.payload'],
  });
  const secret = list.data.find((s) => s.name === NAME);
  if (!secret) throw new Error('nothing stored');
  const tokens = JSON.parse(String(secret.payload)) as TokenSet;
  await dashboard.backend.apps.secrets.create({
    scope: {type: 'user', user: ADA.id},
    name: NAME,
    payload: JSON.stringify({...tokens, access_expires_at: Math.floor(Date.now() / 1000) - 10}),
    ...(secret.expires_at ? {expires_at: secret.expires_at} : {}),
  });
}

const tokenAnswers = () => log.filter((line) => /^POST \/oauth\/token → /.test(line));

/** The provider's log comes over a pipe, a moment after its answers: the lines once at least `n` are in (or 5 s). */
async function tokenAnswersOnceIn(n: number): Promise<string[]> {
  for (let waited = 0; tokenAnswers().length < n && waited < 5_000; waited += 50)
    await new Promise((done) => setTimeout(done, 50));
  return tokenAnswers();
}

async function refreshWorks(refreshToken: string): Promise<boolean> {
  const response = await fetch(config.tokenUrl, {
    method: 'POST',
    headers: {'Content-Type': 'application/x-www-form-urlencoded'},
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: config.clientId,
    }).toString(),
  });
  await response.arrayBuffer();
  return response.ok;
}

/** Another Dashboard tab: the same app in its own worker, so its own copy of every module (and no shared memory). */
function anotherTab(): typeof connection {
  let copy: typeof connection | undefined;
  jest.isolateModules(() => {
    copy = jest.requireActual<typeof connection>('../../src/oauth/connection');
  });
  return copy as typeof connection;
}

test('two tabs with a backend: one refresh at the strict provider, both tabs connected, the grant alive', async () => {
  const first = await connect();
  await expireStoredAccessToken();
  const before = (await tokenAnswersOnceIn(1)).length; // the code exchange
  const tab = anotherTab();
  const deps = depsFor({backend: caller()});

  const [a, b, c] = await Promise.all([
    connection.connectedUser(deps),
    tab.connectedUser(deps),
    connection.connectedUser(deps),
  ]);
  expect([a.email, b.email, c.email]).toEqual(['ada@example.com', 'ada@example.com', 'ada@example.com']);
  const answers = await tokenAnswersOnceIn(before + 1);
  expect(answers.slice(before)).toHaveLength(1);
  expect(answers[before]).toMatch(/→ 200/);
  // What the backend stored is what the tabs use; the old refresh token was presented once, by the backend.
  const now = await stored();
  expect(now?.refresh_token).not.toBe(first.refresh_token);
  expect(await refreshWorks(String(now?.refresh_token))).toBe(true);
  // The tabs asked the backend (signed through the emulator) and never the provider's token endpoint themselves.
  expect(
    dashboard.host.requests.filter((r) => r.path === '/v1/apps/app_embedded_backend_signature').length,
  ).toBeGreaterThanOrEqual(2);
});

test('the same two tabs without a backend present the same refresh token twice, and the strict provider ends the grant', async () => {
  await connect();
  await expireStoredAccessToken();
  const before = (await tokenAnswersOnceIn(1)).length;
  const tab = anotherTab();

  const results = await Promise.allSettled([connection.usableTokens(depsFor()), tab.usableTokens(depsFor())]);
  const answers = (await tokenAnswersOnceIn(before + 2)).slice(before);
  expect(answers).toHaveLength(2);
  expect(answers.filter((line) => /→ 400/.test(line))).toHaveLength(1);
  // Whoever won stored a set whose refresh token the reuse revoked with the grant.
  const now = await stored();
  expect(now === undefined || !(await refreshWorks(String(now.refresh_token)))).toBe(true);
  expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
});

test('an access token the provider refuses is refreshed by the backend (forced), and the tab uses the new set', async () => {
  const first = await connect();
  // Revoked at the provider alone, not expired here: userinfo refuses it, so the view asks for a forced refresh.
  const revoke = await fetch(config.revokeUrl as string, {
    method: 'POST',
    headers: {'Content-Type': 'application/x-www-form-urlencoded'},
    body: new URLSearchParams({
      token: first.access_token,
      token_type_hint: 'access_token',
      client_id: config.clientId,
    }).toString(),
  });
  expect(revoke.status).toBe(200);
  const before = (await tokenAnswersOnceIn(1)).length;

  expect((await connection.connectedUser(depsFor({backend: caller()}))).email).toBe('ada@example.com');
  expect((await tokenAnswersOnceIn(before + 1)).slice(before)).toHaveLength(1);
  expect((await stored())?.access_token).not.toBe(first.access_token);
  // The backend refreshed, asked with a signed request (the Dashboard signed it through the emulator).
  expect(dashboard.host.requests.map((r) => r.path)).toContain('/v1/apps/app_embedded_backend_signature');
});

test("the backend's answers become the views' own errors: not connected, and a backend that cannot be reached", async () => {
  await expect(connection.usableTokens(depsFor({backend: caller()}))).rejects.toMatchObject({code: 'not_connected'});

  await connect();
  await expireStoredAccessToken();
  // A backend that is gone: the view says so in its own words, and does not refresh at the provider itself.
  const gone = backend.url;
  await backend.close();
  const before = (await tokenAnswersOnceIn(1)).length;
  const failure = await connection.usableTokens(depsFor({backend: caller(`${gone}/`)})).catch((err: unknown) => err);
  expect(failure).toBeInstanceOf(OAuthError);
  expect(failure).toMatchObject({code: 'backend_failed', detail: {failure: {code: 'unreachable'}}});
  expect((failure as Error).message).toBe('Couldn’t reach Keyring’s backend. Try again in a moment.');
  expect(tokenAnswers()).toHaveLength(before);
  expect(ACCOUNT).toBe(caller().accountId);
});
