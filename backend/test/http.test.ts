import {validateTokenResponse} from '../src/app-seam';
import {startBackend, type RunningBackend} from '../src/server';
import {ACCOUNT, backendEnv, signRequest, USER} from './helpers';
import {
  emulator,
  finds,
  keyCheck,
  provider,
  refreshWorks,
  signIn,
  storeConnection,
  storedConnection,
  tokenGate,
  userinfoStatus,
  type KeyCheck,
  type Provider,
} from './parties';

/**
 * The backend over HTTP (@hono/node-server on 127.0.0.1) against the real Secret Store emulator and the real local
 * OAuth provider, started strict (no reuse grace; a reused refresh token ends the grant), as the worst providers are.
 */

let store: Awaited<ReturnType<typeof emulator>>;
let p: Provider;
let keys: KeyCheck;
let backend: RunningBackend;
/** The backend's clock runs with real time (signatures are dated now) plus an offset a test moves on. */
const clock = {offsetMs: 0};

beforeAll(async () => {
  p = await provider({refreshReuseGrace: 0, refreshReuse: 'revoke'});
  keys = await keyCheck(p);
});
afterAll(async () => {
  await keys.close();
  await p.at.close();
});
beforeEach(async () => {
  clock.offsetMs = 0;
  store = await emulator();
  backend = await startBackend({
    port: 0,
    env: backendEnv({emulatorUrl: store.at.url, providerUrl: p.url, keyCheckUrl: keys.url}),
    deps: {backoff: {baseMs: 5}, now: () => Date.now() + clock.offsetMs},
  });
});
afterEach(async () => {
  await backend.close();
  await store.at.close();
});

async function call(action: string, fields: Partial<Parameters<typeof signRequest>[0]> = {}) {
  const {body, header} = signRequest({action, ...fields});
  const res = await fetch(`${backend.url}/actions/${action}`, {
    method: 'POST',
    headers: {'Content-Type': 'application/json', 'Stripe-Signature': header},
    body: JSON.stringify(body),
  });
  return {status: res.status, json: (await res.json()) as Record<string, unknown>};
}

describe('connection.check', () => {
  it('answers who the signed user is at the provider, and never a token', async () => {
    const tokens = await signIn(p);
    await storeConnection(store.stripe, tokens);
    const res = await call('connection.check');
    expect(res).toEqual({
      status: 200,
      json: {ok: true, who: {sub: expect.any(String), name: 'Ada Lovelace', email: 'ada@example.com'}},
    });
    expect(JSON.stringify(res.json)).not.toContain(tokens.access_token);
  });

  it('reads only the signed account’s and mode’s secret (Stripe-Account, the mode’s key)', async () => {
    await storeConnection(store.stripe, await signIn(p));
    expect((await call('connection.check', {account_id: 'acct_1SomeoneElse'})).json).toEqual({
      ok: false,
      reason: 'not_connected',
    });
    expect((await call('connection.check', {user_id: 'usr_1SomeoneElse'})).json).toEqual({
      ok: false,
      reason: 'not_connected',
    });
    expect((await call('connection.check', {mode: 'live'})).json).toEqual({ok: false, reason: 'not_connected'});
    expect((await call('connection.check')).json).toMatchObject({ok: true});
  });

  it('an expired access token: 20 concurrent checks, one refresh, the new set stored, the grant alive', async () => {
    const first = await signIn(p);
    await storeConnection(store.stripe, first, {expired: true});
    const before = await p.tokenRequests();
    const answers = await Promise.all(Array.from({length: 20}, () => call('connection.check')));
    expect(answers.map((a) => a.json.ok)).toEqual(Array(20).fill(true));
    expect(await p.tokenRequests()).toBe(before + 1);
    const stored = (await storedConnection(store.stripe)) as {
      access_token: string;
      refresh_token: string;
      access_expires_at: number;
    };
    expect(stored.refresh_token).not.toBe(first.refresh_token);
    expect(stored.access_expires_at).toBeGreaterThan(Date.now() / 1000);
    expect(await userinfoStatus(p, stored.access_token)).toBe(200);
    expect(await refreshWorks(p, stored.refresh_token)).toBe(true);
  });

  it('a grant the provider ended: the connection is removed and the answer says revoked', async () => {
    const tokens = await signIn(p);
    await storeConnection(store.stripe, tokens, {expired: true});
    // Someone else used the refresh token: the backend's refresh is a reuse, and the strict provider ends the grant.
    expect(await refreshWorks(p, tokens.refresh_token as string)).toBe(true);
    expect((await call('connection.check')).json).toEqual({ok: false, reason: 'revoked'});
    expect(await storedConnection(store.stripe)).toBeUndefined();
  });

  it('a refresh refused because another refresher won (the grant kept): the secret is read again and the newer set used', async () => {
    // A provider that refuses a reused refresh token but keeps the grant, and a gate in front of its token endpoint
    // that holds the backend's refresh until the test has refreshed the same token elsewhere and stored the result, as
    // a view refreshing on its own (no backend configured) would.
    const lenient = await provider({refreshReuse: 'refuse'});
    const gate = await tokenGate(lenient.url);
    const gated = await startBackend({
      port: 0,
      env: backendEnv({
        emulatorUrl: store.at.url,
        providerUrl: lenient.url,
        KEYRING_PROVIDER_TOKEN_URL: `${gate.url}/oauth/token`,
      }),
    });
    try {
      const first = await signIn(lenient);
      await storeConnection(store.stripe, first, {expired: true});
      const {body, header} = signRequest({action: 'connection.check'});
      const answer = fetch(`${gated.url}/actions/connection.check`, {
        method: 'POST',
        headers: {'Content-Type': 'application/json', 'Stripe-Signature': header},
        body: JSON.stringify(body),
      });
      await gate.held;
      const other = await fetch(`${lenient.url}/oauth/token`, {
        method: 'POST',
        headers: {'Content-Type': 'application/x-www-form-urlencoded'},
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: first.refresh_token as string,
          client_id: 'keyring-stripe-app',
        }).toString(),
      });
      const newer = validateTokenResponse(other.status, await other.json(), Math.floor(Date.now() / 1000), first);
      await storeConnection(store.stripe, newer);
      gate.release();
      expect(await (await answer).json()).toMatchObject({ok: true, who: {email: 'ada@example.com'}});
      expect(gate.refused()).toBe(1); // the backend's refresh of the old token was refused…
      // …and nothing was removed
      expect((await storedConnection(store.stripe))?.refresh_token).toBe(newer.refresh_token);
    } finally {
      await gated.close();
      await gate.close();
      await lenient.at.close();
    }
  });

  it('no connection, and a damaged one', async () => {
    expect((await call('connection.check')).json).toEqual({ok: false, reason: 'not_connected'});
    await store.stripe.apps.secrets.create(
      {scope: {type: 'user', user: USER}, name: 'keyring.oauth', payload: 'not a token set'},
      {stripeAccount: ACCOUNT},
    );
    expect((await call('connection.check')).json).toEqual({ok: false, reason: 'damaged_connection'});
  });

  it('Stripe’s 429s are retried with backoff', async () => {
    await storeConnection(store.stripe, await signIn(p));
    store.at.injectFault({status: 429, times: 2, path: '/v1/apps/secrets/find'});
    expect((await call('connection.check')).json).toMatchObject({ok: true});
    expect(
      store.requests.filter((line) => line.startsWith('GET /v1/apps/secrets/find ') && / 429 /.test(line)),
    ).toHaveLength(2);
  });
});

describe('from the views’ sandbox', () => {
  it('a CORS preflight allows the signed POST; answers and refusals carry Access-Control-Allow-Origin', async () => {
    const preflight = await fetch(`${backend.url}/actions/connection.check`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://sandbox.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type,stripe-signature',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Stripe-Signature/);
    const refused = await fetch(`${backend.url}/actions/connection.check`, {
      method: 'POST',
      headers: {'Content-Type': 'application/json'},
      body: '{}',
    });
    expect(refused.headers.get('access-control-allow-origin')).toBe('*');
    const signed = signRequest({action: 'connection.check'});
    const ok = await fetch(`${backend.url}/actions/connection.check`, {
      method: 'POST',
      headers: {'Content-Type': 'application/json', 'Stripe-Signature': signed.header},
      body: JSON.stringify(signed.body),
    });
    expect(ok.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('connection.refresh', () => {
  it('forced: a new access token is stored and its expiry answered; not due and not forced: nothing sent', async () => {
    const tokens = await signIn(p);
    await storeConnection(store.stripe, tokens);
    const before = await p.tokenRequests();
    const calm = await call('connection.refresh');
    expect(calm.json).toEqual({ok: true, expires_at: tokens.access_expires_at});
    const forced = await call('connection.refresh', {data: {force: true}});
    expect(forced.json).toEqual({ok: true, expires_at: expect.any(Number)});
    expect(await p.tokenRequests()).toBe(before + 1);
    const stored = await storedConnection(store.stripe);
    expect(stored?.access_token).not.toBe(tokens.access_token);
    expect(stored?.access_expires_at).toBe(forced.json.expires_at);
  });
});

describe('api_key.check', () => {
  const save = (key: string) =>
    store.stripe.apps.secrets.create(
      {scope: {type: 'account'}, name: 'keyring.api_key', payload: key},
      {stripeAccount: ACCOUNT},
    );
  const admin = {stripe_roles: ['admin']};

  it('accepted, refused, or none saved — never the key; an empty answer is cached for a minute', async () => {
    expect((await call('api_key.check', admin)).json).toEqual({ok: false, reason: 'no_api_key'});
    const good = 'ec_test_abcdefghijklmnopqrstuvwxyz012345';
    await save(good);
    expect((await call('api_key.check', admin)).json).toEqual({ok: false, reason: 'no_api_key'});
    clock.offsetMs += 61_000;
    const accepted = await call('api_key.check', admin);
    expect(accepted.json).toEqual({ok: true, accepted: true});
    expect(JSON.stringify(accepted.json)).not.toContain(good);
    expect(finds(store.requests)).toBe(2);
  });

  it('a refused key is dropped and read again at once; a refusal then stands for a few seconds, and a key saved since is used', async () => {
    await save('ec_test_refusedrefusedrefusedrefused00');
    expect((await call('api_key.check', admin)).json).toEqual({ok: true, accepted: false});
    // The key, then once more after the refusal (an administrator may have replaced it).
    expect(finds(store.requests)).toBe(2);
    await save('ec_test_abcdefghijklmnopqrstuvwxyz012345');
    // Within the refused window a burst neither re-reads nor calls the provider again.
    const checks = await keys.count();
    expect((await call('api_key.check', admin)).json).toEqual({ok: true, accepted: false});
    expect(finds(store.requests)).toBe(2);
    expect(await keys.count()).toBe(checks);
    clock.offsetMs += 6_000;
    expect((await call('api_key.check', admin)).json).toEqual({ok: true, accepted: true});
    expect(finds(store.requests)).toBe(3);
  });
});
