import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import Stripe from 'stripe';
import {startEmulator, type RunningEmulator} from '../../local/emulator';
import {loadManifest} from '../../local/manifest/load';
import {spawnOAuthProvider, type SpawnOAuthProviderOptions, type SpawnedOAuthProvider} from '../../local/oauth/spawn';
import {connectAtProvider} from '../../local/oauth/testing';
import {serializeTokens, validateTokenResponse, type TokenSet} from '../src/app-seam';
import {ACCOUNT, USER} from './helpers';

/**
 * The real parties a backend test talks to: the Secret Store emulator (as the platform's backend key sees it), the
 * local OAuth provider (its request log counts token requests and key checks), and a person who connects at it.
 */

const ROOT = `${__dirname}/../..`;
const LOCAL = loadManifest(`${ROOT}/stripe-app.local.json`).constants as {
  appId: string;
  dashboardOrigin: string;
  provider: {clientId: string};
};
export const RETURN_URI = `${LOCAL.dashboardOrigin}/test/apps-oauth/${LOCAL.appId}`;
export const CLIENT_ID = LOCAL.provider.clientId;

export const TEST_KEY = 'sk_test_backendtests';
export const LIVE_KEY = 'sk_live_backendtests';

export async function emulator(): Promise<{at: RunningEmulator; requests: string[]; stripe: Stripe; live: Stripe}> {
  const requests: string[] = [];
  const at = await startEmulator({port: 0, memory: true, log: (line) => requests.push(line)});
  const client = (key: string) =>
    new Stripe(key, {host: '127.0.0.1', port: at.port, protocol: 'http', maxNetworkRetries: 0});
  return {at, requests, stripe: client(TEST_KEY), live: client(LIVE_KEY)};
}

/** Secret Store reads of one name's payload, from the emulator's log (which never shows a payload). */
export const finds = (requests: string[]) =>
  requests.filter((line) => line.startsWith('GET /v1/apps/secrets/find ')).length;

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
  const {status, body} = await connectAtProvider(p.url, {
    clientId: CLIENT_ID,
    redirectUri: RETURN_URI,
    state: 'backend-test',
  });
  return validateTokenResponse(status, body, Math.floor(Date.now() / 1000));
}

/**
 * Stores a connection as the views do (their format, through the seam); `expired` dates the access token in the past.
 */
export async function storeConnection(
  stripe: Stripe,
  tokens: TokenSet,
  options: {expired?: boolean; account?: string; user?: string} = {},
): Promise<void> {
  const set = options.expired ? {...tokens, access_expires_at: Math.floor(Date.now() / 1000) - 10} : tokens;
  await stripe.apps.secrets.create(
    {scope: {type: 'user', user: options.user ?? USER}, name: 'keyring.oauth', payload: serializeTokens(set)},
    {stripeAccount: options.account ?? ACCOUNT},
  );
}

export async function storedConnection(stripe: Stripe, account = ACCOUNT, user = USER): Promise<TokenSet | undefined> {
  try {
    const secret = await stripe.apps.secrets.find(
      {scope: {type: 'user', user}, name: 'keyring.oauth', expand: ['payload']},
      {stripeAccount: account},
    );
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
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: CLIENT_ID,
    }).toString(),
  });
  await response.arrayBuffer();
  return response.status === 200;
}

export interface KeyCheck {
  url: string;
  /** Requests it answered so far. */
  count(): Promise<number>;
  close(): Promise<void>;
}

/**
 * The third party's API-key check: the local provider's `GET /api/key-check` (local/oauth/key-check.ts), counted from
 * the provider's own request log.
 */
export async function keyCheck(p: Provider): Promise<KeyCheck> {
  await p.settled();
  const lines = () => p.log.filter((line) => line.startsWith('GET /api/key-check ')).length;
  const before = lines();
  return {
    url: `${p.url}/api/key-check`,
    count: async () => {
      await p.settled();
      return lines() - before;
    },
    close: async () => undefined,
  };
}

/**
 * Forwards token requests to `target`, holding every one until `release()` (`held`: the first arrived); counts
 * refusals.
 */
export async function tokenGate(target: string) {
  let signalHeld!: () => void;
  const held = new Promise<void>((done) => (signalHeld = done));
  let release!: () => void;
  const released = new Promise<void>((done) => (release = done));
  let refused = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      signalHeld();
      void released
        .then(() =>
          fetch(new URL(req.url ?? '/', target), {
            method: req.method,
            headers: {'Content-Type': String(req.headers['content-type'] ?? '')},
            body: Buffer.concat(chunks),
          }),
        )
        .then(async (answer) => {
          if (answer.status === 400) refused += 1;
          res.writeHead(answer.status, {'Content-Type': 'application/json'});
          res.end(Buffer.from(await answer.arrayBuffer()));
        })
        .catch(() => res.destroy());
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    held,
    release,
    refused: () => refused,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
