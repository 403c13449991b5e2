import {createServer, type Server} from 'node:http';
import Stripe from 'stripe';
import {startEmulator, type RunningEmulator} from '../../local/emulator';
import {loadManifest} from '../../local/manifest/check';
import {spawnOAuthProvider, type SpawnOAuthProviderOptions, type SpawnedOAuthProvider} from '../../local/oauth/spawn';
import {asPage, asRedirect, Browser} from '../../local/oauth/testing';
import {randomVerifier, s256Challenge} from '../../local/platform/pkce';
import {serializeTokens, validateTokenResponse, type TokenSet} from '../src/app-seam';
import {ACCOUNT, USER} from './helpers';

/**
 * The real parties a backend test talks to: the Secret Store emulator (as the platform's backend key sees it), the
 * local OAuth provider (its request log counts token requests and key checks), and a person who connects at it.
 */

const ROOT = `${__dirname}/../..`;
const LOCAL = loadManifest(`${ROOT}/stripe-app.local.json`).constants as {appId: string; dashboardOrigin: string; provider: {clientId: string}};
export const RETURN_URI = `${LOCAL.dashboardOrigin}/test/apps-oauth/${LOCAL.appId}`;
export const CLIENT_ID = LOCAL.provider.clientId;

export const TEST_KEY = 'sk_test_backendtests';
export const LIVE_KEY = 'sk_live_backendtests';

export async function emulator(): Promise<{at: RunningEmulator; requests: string[]; stripe: Stripe; live: Stripe}> {
  const requests: string[] = [];
  const at = await startEmulator({port: 0, memory: true, log: (line) => requests.push(line)});
  const client = (key: string) => new Stripe(key, {host: '127.0.0.1', port: at.port, protocol: 'http', maxNetworkRetries: 0});
  return {at, requests, stripe: client(TEST_KEY), live: client(LIVE_KEY)};
}

/** Secret Store reads of one name's payload, from the emulator's log (which never shows a payload). */
export const finds = (requests: string[]) => requests.filter((line) => line.startsWith('GET /v1/apps/secrets/find ')).length;

export interface Provider {
  at: SpawnedOAuthProvider;
  log: string[];
  url: string;
  /**
   * Token endpoint requests so far (code exchanges and refreshes), once every request made before this call is in the
   * log: the log comes over a pipe a moment after the answers, so a marker request is sent and waited for.
   */
  tokenRequests(): Promise<number>;
  /** Resolves once every request made before the call is in the log. */
  settled(): Promise<void>;
}

export async function provider(options: Partial<SpawnOAuthProviderOptions> = {}): Promise<Provider> {
  const log: string[] = [];
  const at = await spawnOAuthProvider({redirectUris: [RETURN_URI], log: (line) => log.push(line), ...options});
  let markers = 0;
  const settled = async () => {
    const marker = `/settled-${(markers += 1)}`;
    await (await fetch(`${at.url}${marker}`)).arrayBuffer();
    const seen = () => log.some((line) => line.startsWith(`GET ${marker} `));
    for (let waited = 0; !seen() && waited < 10_000; waited += 10) await new Promise((done) => setTimeout(done, 10));
    if (!seen()) throw new Error('the provider’s log did not catch up within 10 s');
  };
  return {
    at,
    log,
    url: at.url,
    settled,
    async tokenRequests() {
      await settled();
      return log.filter((line) => line.startsWith('POST /oauth/token ')).length;
    },
  };
}

/** A person signs in at the provider (Ada, the first local user) and the code is exchanged, as the views do. */
export async function signIn(p: Provider): Promise<TokenSet> {
  const verifier = randomVerifier();
  const authorize = new URL(`${p.url}/oauth/authorize`);
  const query = {
    response_type: 'code',
    client_id: CLIENT_ID,
    redirect_uri: RETURN_URI,
    state: 'backend-test',
    code_challenge: await s256Challenge(verifier),
    code_challenge_method: 'S256',
    scope: 'openid profile email offline_access',
    prompt: 'consent',
  };
  for (const [key, value] of Object.entries(query)) authorize.searchParams.set(key, value);
  const browser = new Browser((url) => url.origin === new URL(RETURN_URI).origin);
  const consent = asPage(await browser.submit(asPage(await browser.request(authorize.href)), /ada@example\.com/));
  const code = new URL(asRedirect(await browser.submit(consent, 'Allow')).url).searchParams.get('code') as string;
  const response = await fetch(`${p.url}/oauth/token`, {
    method: 'POST',
    headers: {'Content-Type': 'application/x-www-form-urlencoded'},
    body: new URLSearchParams({grant_type: 'authorization_code', code, code_verifier: verifier, client_id: CLIENT_ID, redirect_uri: RETURN_URI}).toString(),
  });
  return validateTokenResponse(response.status, await response.json(), Math.floor(Date.now() / 1000));
}

/** Stores a connection as the views do (their format, through the seam); `expired` dates the access token in the past. */
export async function storeConnection(stripe: Stripe, tokens: TokenSet, options: {expired?: boolean; account?: string; user?: string} = {}): Promise<void> {
  const set = options.expired ? {...tokens, access_expires_at: Math.floor(Date.now() / 1000) - 10} : tokens;
  await stripe.apps.secrets.create({scope: {type: 'user', user: options.user ?? USER}, name: 'keyring.oauth', payload: serializeTokens(set)}, {stripeAccount: options.account ?? ACCOUNT});
}

export async function storedConnection(stripe: Stripe, account = ACCOUNT, user = USER): Promise<TokenSet | undefined> {
  try {
    const secret = await stripe.apps.secrets.find({scope: {type: 'user', user}, name: 'keyring.oauth', expand: ['payload']}, {stripeAccount: account});
    return JSON.parse(String(secret.payload)) as TokenSet;
  } catch (err) {
    if (err instanceof Stripe.errors.StripeError && err.statusCode === 404) return undefined;
    throw err;
  }
}

export async function userinfoStatus(p: Provider, accessToken: string): Promise<number> {
  const response = await fetch(`${p.url}/oauth/userinfo`, {headers: {Authorization: `Bearer ${accessToken}`}});
  await response.arrayBuffer();
  return response.status;
}

/** Whether the grant still works: the stored refresh token is accepted (this rotates it, so call it last). */
export async function refreshWorks(p: Provider, refreshToken: string): Promise<boolean> {
  const response = await fetch(`${p.url}/oauth/token`, {
    method: 'POST',
    headers: {'Content-Type': 'application/x-www-form-urlencoded'},
    body: new URLSearchParams({grant_type: 'refresh_token', refresh_token: refreshToken, client_id: CLIENT_ID}).toString(),
  });
  await response.arrayBuffer();
  return response.status === 200;
}

export interface KeyCheck {
  url: string;
  /** Requests it answered so far. */
  count(): Promise<number>;
  /** True when this is the stand-in below, not the provider's own endpoint. */
  standIn: boolean;
  close(): Promise<void>;
}

const KEY_FORMAT = /^ec_(live|test)_[A-Za-z0-9]{24,}$/;

/**
 * The provider's API-key check (CONTRACT: `GET /api/key-check`). The local provider gains it in the `be-local` branch;
 * until then (the provider answers 404) a stand-in with exactly the contract's behaviour answers instead, so these tests
 * run today and switch to the provider's endpoint by themselves once it is there.
 * TODO(be-local): drop the stand-in once local/oauth serves /api/key-check.
 */
export async function keyCheck(p: Provider): Promise<KeyCheck> {
  const probe = await fetch(`${p.url}/api/key-check`, {headers: {Authorization: 'Bearer probe'}});
  await probe.arrayBuffer();
  if (probe.status !== 404) {
    await p.settled();
    const lines = () => p.log.filter((line) => line.startsWith('GET /api/key-check ')).length;
    const before = lines(); // the probe included
    return {
      url: `${p.url}/api/key-check`,
      count: async () => {
        await p.settled();
        return lines() - before;
      },
      standIn: false,
      close: async () => undefined,
    };
  }
  let count = 0;
  const server: Server = createServer((req, res) => {
    count += 1;
    const key = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const accepted = KEY_FORMAT.test(key) && !key.includes('refused');
    res.writeHead(accepted ? 200 : 401, {'Content-Type': 'application/json'});
    res.end(JSON.stringify(accepted ? {accepted: true} : {accepted: false, error: 'invalid_key'}));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {url: `http://127.0.0.1:${port}/api/key-check`, count: async () => count, standIn: true, close: () => new Promise<void>((done) => server.close(() => done()))};
}
