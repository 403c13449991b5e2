import {createBackend} from '../src/app';
import {loadConfig} from '../src/config';
import {memoryState, type StateStore} from '../src/state';
import {CONNECTIONS_PER_EVENT, deauthorization} from '../src/webhooks';
import {
  ACCOUNT,
  backendEnv,
  nowSeconds,
  signEvent,
  signRequest,
  USER,
  WEBHOOK_SECRET_LIVE,
  WEBHOOK_SECRET_TEST,
} from './helpers';
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
  type KeyCheck,
  type Provider,
} from './parties';

/**
 * `POST /webhooks/stripe` with events signed by stripe-node's test-header helper, against the real Secret Store
 * emulator (whose log counts the backend's reads) and the real local provider: its key check, and its OAuth endpoints,
 * strict as started here (no reuse grace: a reused refresh token ends the grant).
 */

let store: Awaited<ReturnType<typeof emulator>>;
let p: Provider;
let keys: KeyCheck;
let state: StateStore;
let app: ReturnType<typeof createBackend>;
/** The backend's log lines in this test. */
let lines: string[];

beforeAll(async () => {
  p = await provider();
  keys = await keyCheck(p);
});
afterAll(async () => {
  await keys.close();
  await p.at.close();
});
beforeEach(async () => {
  store = await emulator();
  state = memoryState();
  lines = [];
  app = backendWith();
});
afterEach(() => store.at.close());

/** A backend on this test's store and state (another instance, as far as the refresh's single flight goes). */
function backendWith(env: Record<string, string> = {}) {
  return createBackend(
    loadConfig(backendEnv({emulatorUrl: store.at.url, providerUrl: p.url, keyCheckUrl: keys.url, ...env})),
    {state, log: (line) => lines.push(line)},
  );
}

async function deliver(signed: {raw: string; header?: string}, to = app) {
  const headers: Record<string, string> = {'Content-Type': 'application/json'};
  if (signed.header) headers['Stripe-Signature'] = signed.header;
  const res = await to.request('/webhooks/stripe', {method: 'POST', headers, body: signed.raw});
  return {status: res.status, json: (await res.json()) as Record<string, unknown> & {error?: {reason: string}}};
}

const saveKey = (key: string) =>
  store.stripe.apps.secrets.create(
    {scope: {type: 'account'}, name: 'keyring.api_key', payload: key},
    {stripeAccount: ACCOUNT},
  );
const GOOD_KEY = 'ec_test_abcdefghijklmnopqrstuvwxyz012345';

describe('verification', () => {
  it('an event signed with the test endpoint’s secret is handled once; its redelivery is acknowledged as a duplicate', async () => {
    const event = signEvent({id: 'evt_1Once', type: 'customer.created', account: ACCOUNT}, WEBHOOK_SECRET_TEST);
    expect(await deliver(event)).toEqual({
      status: 200,
      json: {received: true, outcome: 'no API key saved; connections: 0 used, no user known'},
    });
    expect(
      await deliver(signEvent({id: 'evt_1Once', type: 'customer.created', account: ACCOUNT}, WEBHOOK_SECRET_TEST)),
    ).toEqual({status: 200, json: {received: true, duplicate: true}});
    expect(finds(store.requests)).toBe(1);
  });

  it('refused: no signature, an old one, an unknown secret, a body changed after signing', async () => {
    const event = signEvent({type: 'customer.created', account: ACCOUNT}, WEBHOOK_SECRET_TEST);
    expect((await deliver({raw: event.raw})).json.error?.reason).toBe('missing_signature');
    expect(
      await deliver(signEvent({type: 'customer.created', account: ACCOUNT}, WEBHOOK_SECRET_TEST, nowSeconds() - 301)),
    ).toEqual({
      status: 400,
      json: {error: {reason: 'invalid_signature', message: 'The event’s signature is older than 300 s.'}},
    });
    expect(
      (await deliver(signEvent({type: 'customer.created', account: ACCOUNT}, 'whsec_notoursatall00000000'))).status,
    ).toBe(400);
    expect((await deliver({raw: event.raw.replace(ACCOUNT, 'acct_1Other'), header: event.header})).status).toBe(400);
    expect(store.requests).toEqual([]);
  });

  it('the live endpoint drops test events (an account installed in both modes sends them to both)', async () => {
    const res = await deliver(
      signEvent({type: 'customer.created', account: ACCOUNT, livemode: false}, WEBHOOK_SECRET_LIVE),
    );
    expect(res).toEqual({status: 200, json: {received: true, ignored: 'test_event_on_live_endpoint'}});
    expect(store.requests).toEqual([]);
  });

  it('a live event on the live endpoint reads the live store', async () => {
    await store.live.apps.secrets.create(
      {scope: {type: 'account'}, name: 'keyring.api_key', payload: GOOD_KEY.replace('_test_', '_live_')},
      {stripeAccount: ACCOUNT},
    );
    expect(
      (await deliver(signEvent({type: 'customer.created', account: ACCOUNT, livemode: true}, WEBHOOK_SECRET_LIVE)))
        .json,
    ).toEqual({received: true, outcome: 'API key accepted; connections: 0 used, no user known'});
  });
});

describe('install and uninstall', () => {
  it('account.application.authorized removes keyring.* secrets an earlier install left, in the account and known users’ scopes', async () => {
    // A signed request named the user earlier, so the backend knows whose scope to clean.
    const signed = signRequest({action: 'connection.check'});
    await app.request('/actions/connection.check', {
      method: 'POST',
      headers: {'Content-Type': 'application/json', 'Stripe-Signature': signed.header},
      body: JSON.stringify(signed.body),
    });
    const user = {type: 'user' as const, user: USER};
    await saveKey(GOOD_KEY);
    await store.stripe.apps.secrets.create(
      {scope: user, name: 'keyring.oauth', payload: '{"v":1}'},
      {stripeAccount: ACCOUNT},
    );
    await store.stripe.apps.secrets.create(
      {scope: {type: 'account'}, name: 'another_app.thing', payload: 'x'},
      {stripeAccount: ACCOUNT},
    );
    await store.stripe.apps.secrets.create(
      {scope: {type: 'account'}, name: 'keyring.api_key', payload: GOOD_KEY},
      {stripeAccount: 'acct_1Other'},
    );

    const res = await deliver(
      signEvent(
        {type: 'account.application.authorized', account: ACCOUNT, created: nowSeconds() + 5},
        WEBHOOK_SECRET_TEST,
        nowSeconds(),
      ),
    );
    expect(res.json).toEqual({received: true, outcome: 'removed 2 secret(s) left from an earlier install'});
    const names = async (scope: {type: 'account'} | {type: 'user'; user: string}, account = ACCOUNT) =>
      (await store.stripe.apps.secrets.list({scope}, {stripeAccount: account})).data.map((s) => s.name);
    expect(await names({type: 'account'})).toEqual(['another_app.thing']);
    expect(await names(user)).toEqual([]);
    expect(await names({type: 'account'}, 'acct_1Other')).toEqual(['keyring.api_key']);
  });

  it('a secret saved after the install (the event arrived late) stays', async () => {
    await saveKey(GOOD_KEY);
    const res = await deliver(
      signEvent(
        {type: 'account.application.authorized', account: ACCOUNT, created: nowSeconds() - 60},
        WEBHOOK_SECRET_TEST,
      ),
    );
    expect(res.json).toEqual({received: true, outcome: 'removed 0 secret(s) left from an earlier install'});
  });

  it('account.application.deauthorized is recorded, and a reinstall clears the record', async () => {
    const event = signEvent(
      {id: 'evt_1Gone', type: 'account.application.deauthorized', account: ACCOUNT},
      WEBHOOK_SECRET_TEST,
    );
    expect((await deliver(event)).json).toEqual({received: true, outcome: 'recorded the uninstall'});
    expect(await deauthorization(state, 'test', ACCOUNT)).toEqual({at: expect.any(Number), event: 'evt_1Gone'});
    expect(await deauthorization(state, 'live', ACCOUNT)).toBeUndefined();
    await deliver(signEvent({type: 'account.application.authorized', account: ACCOUNT}, WEBHOOK_SECRET_TEST));
    expect(await deauthorization(state, 'test', ACCOUNT)).toBeUndefined();
  });
});

describe('customer.created: the account’s key at work', () => {
  it('a burst of 1,000 events for one account reads the key from the Secret Store once, and checks it 1,000 times', async () => {
    await saveKey(GOOD_KEY);
    const checksBefore = await keys.count();
    for (let batch = 0; batch < 20; batch += 1) {
      const answers = await Promise.all(
        Array.from({length: 50}, () =>
          deliver(
            signEvent(
              {type: 'customer.created', account: ACCOUNT, object: {id: 'cus_1', object: 'customer'}},
              WEBHOOK_SECRET_TEST,
            ),
          ),
        ),
      );
      expect(answers.every((a) => a.json.outcome === 'API key accepted; connections: 0 used, no user known')).toBe(
        true,
      );
    }
    expect(finds(store.requests)).toBeLessThanOrEqual(5);
    expect(finds(store.requests)).toBe(1);
    expect((await keys.count()) - checksBefore).toBe(1000);
  });

  it('a refused key: the event is acknowledged, the cached key dropped', async () => {
    await saveKey('ec_test_refusedrefusedrefusedrefused00');
    expect((await deliver(signEvent({type: 'customer.created', account: ACCOUNT}, WEBHOOK_SECRET_TEST))).json).toEqual({
      received: true,
      outcome: 'API key refused; connections: 0 used, no user known',
    });
    expect(finds(store.requests)).toBe(2);
  });

  it('the Secret Store failing: 500, and the event is handled when Stripe retries it', async () => {
    await saveKey(GOOD_KEY);
    store.at.injectFault({status: 500, times: 3, path: '/v1/apps/secrets/find'});
    const event = signEvent({id: 'evt_1Retry', type: 'customer.created', account: ACCOUNT}, WEBHOOK_SECRET_TEST);
    expect((await deliver(event)).json.error?.reason).toBe('handler_failed');
    expect((await deliver(event)).json).toEqual({
      received: true,
      outcome: 'API key accepted; connections: 0 used, no user known',
    });
  });
});

describe('customer.created: the known users’ connections at work', () => {
  const BOB = 'usr_1KeyringBob';
  const CAROL = 'usr_1KeyringCarol';
  const DAN = 'usr_1KeyringDan';

  /**
   * A signed request names the user (before any connection exists), as the views' requests do: the backend knows them.
   */
  async function named(user: string) {
    const {body, header} = signRequest({action: 'connection.check', user_id: user});
    const res = await app.request('/actions/connection.check', {
      method: 'POST',
      headers: {'Content-Type': 'application/json', 'Stripe-Signature': header},
      body: JSON.stringify(body),
    });
    expect(await res.json()).toEqual({ok: false, reason: 'not_connected'});
  }

  const customerCreated = (id?: string) =>
    signEvent(
      {id, type: 'customer.created', account: ACCOUNT, object: {id: 'cus_1', object: 'customer'}},
      WEBHOOK_SECRET_TEST,
    );

  async function userinfoCalls(): Promise<number> {
    await p.settled();
    return p.log.filter((line) => line.startsWith('GET /oauth/userinfo ')).length;
  }

  it('a known user’s expired connection: refreshed once, userinfo called, the outcome counts it — no token anywhere', async () => {
    await named(USER);
    const tokens = await signIn(p);
    await storeConnection(store.stripe, tokens, {expired: true});
    const [refreshes, userinfo] = [await p.tokenRequests(), await userinfoCalls()];

    const res = await deliver(customerCreated());
    expect(res).toEqual({status: 200, json: {received: true, outcome: 'no API key saved; connections: 1 used'}});
    expect(await p.tokenRequests()).toBe(refreshes + 1);
    expect(await userinfoCalls()).toBe(userinfo + 1);
    const stored = await storedConnection(store.stripe);
    expect(stored?.refresh_token).not.toBe(tokens.refresh_token);
    expect(await refreshWorks(p, stored?.refresh_token as string)).toBe(true);
    const seen = JSON.stringify(res.json) + lines.join('\n');
    for (const secret of [tokens.access_token, tokens.refresh_token, stored?.access_token, stored?.refresh_token])
      expect(seen).not.toContain(secret);
  });

  it('two signed checks and the event at once on one expired connection: one refresh, all three ok, the grant alive', async () => {
    // The provider's token endpoint is held until every party has read the expired set from the Secret Store, so all
    // three need a refresh at the same moment; only the single flight (and the lock) keeps it to one.
    const gate = await tokenGate(p.url);
    const gated = backendWith({KEYRING_PROVIDER_TOKEN_URL: `${gate.url}/oauth/token`});
    try {
      await named(USER);
      const tokens = await signIn(p);
      await storeConnection(store.stripe, tokens, {expired: true});
      const before = await p.tokenRequests();
      store.requests.length = 0;
      const check = async () => {
        const {body, header} = signRequest({action: 'connection.check'});
        const res = await gated.request('/actions/connection.check', {
          method: 'POST',
          headers: {'Content-Type': 'application/json', 'Stripe-Signature': header},
          body: JSON.stringify(body),
        });
        return res.json();
      };
      const all = Promise.all([check(), check(), deliver(customerCreated(), gated)]);
      await gate.held;
      // The event's key read and the three reads of the connection, each before its refresh.
      await until(() => finds(store.requests) >= 4);
      gate.release();
      const [first, second, event] = await all;
      expect([first, second]).toEqual([
        {ok: true, who: expect.objectContaining({email: 'ada@example.com'})},
        {ok: true, who: expect.objectContaining({email: 'ada@example.com'})},
      ]);
      expect(event).toEqual({status: 200, json: {received: true, outcome: 'no API key saved; connections: 1 used'}});
      expect(await p.tokenRequests()).toBe(before + 1);
      expect(gate.refused()).toBe(0);
      const stored = await storedConnection(store.stripe);
      expect(await refreshWorks(p, stored?.refresh_token as string)).toBe(true);
    } finally {
      await gate.close();
    }
  });

  it('no connection, a grant the provider ended, a damaged secret: counted, and the event still succeeds', async () => {
    for (const user of [USER, BOB, CAROL, DAN]) await named(user);
    await storeConnection(store.stripe, await signIn(p));
    // Carol's refresh token was used elsewhere: the backend's refresh is a reuse, and the provider ends her grant.
    const carol = await signIn(p);
    expect(await refreshWorks(p, carol.refresh_token as string)).toBe(true);
    await storeConnection(store.stripe, carol, {expired: true, user: CAROL});
    await store.stripe.apps.secrets.create(
      {scope: {type: 'user', user: DAN}, name: 'keyring.oauth', payload: 'not a token set'},
      {stripeAccount: ACCOUNT},
    );
    const event = customerCreated('evt_1Mixed');
    expect(await deliver(event)).toEqual({
      status: 200,
      json: {
        received: true,
        outcome: 'no API key saved; connections: 1 used, 1 not connected, 1 revoked, 1 damaged',
      },
    });
    expect(await storedConnection(store.stripe, ACCOUNT, CAROL)).toBeUndefined();
    // Handled: a redelivery is a duplicate, and nothing is used again.
    expect((await deliver(customerCreated('evt_1Mixed'))).json).toEqual({received: true, duplicate: true});
  });

  it('no answer for one connection: the event fails, and Stripe’s retry uses only the connection not used yet', async () => {
    await named(USER);
    await named(BOB);
    await storeConnection(store.stripe, await signIn(p));
    const bob = await signIn(p);
    await storeConnection(store.stripe, bob, {expired: true, user: BOB});
    const userinfo = await userinfoCalls();

    // Nothing listens at this token URL: Bob's refresh gets no answer; Ada's connection is not due and is used.
    const unreachable = backendWith({KEYRING_PROVIDER_TOKEN_URL: 'http://127.0.0.1:9/oauth/token'});
    const first = await deliver(customerCreated('evt_1Partly'), unreachable);
    expect(first).toEqual({
      status: 500,
      json: {error: {reason: 'handler_failed', message: 'The event could not be handled now; Stripe will retry it.'}},
    });
    expect(lines.at(-1)).toMatch(/^webhook customer\.created evt_1Partly failed: ConnectionsUnfinished$/);
    expect(await storedConnection(store.stripe, ACCOUNT, BOB)).toEqual(
      expect.objectContaining({refresh_token: bob.refresh_token}),
    );

    // The provider answers again (another instance, the same shared state): Stripe's retry uses Bob's connection only.
    expect((await deliver(customerCreated('evt_1Partly'))).json).toEqual({
      received: true,
      outcome: 'no API key saved; connections: 1 used, 1 used by an earlier delivery',
    });
    expect(await userinfoCalls()).toBe(userinfo + 2);
  });

  it(`at most ${CONNECTIONS_PER_EVENT} users per event: the rest are counted, not read`, async () => {
    const users = Array.from({length: CONNECTIONS_PER_EVENT + 2}, (_, i) => `usr_1Many${String(i).padStart(2, '0')}`);
    for (const user of users) await named(user);
    store.requests.length = 0;
    expect((await deliver(customerCreated())).json).toEqual({
      received: true,
      outcome: `no API key saved; connections: 0 used, ${CONNECTIONS_PER_EVENT} not connected, 2 beyond the cap of ${CONNECTIONS_PER_EVENT}`,
    });
    expect(finds(store.requests)).toBe(1 + CONNECTIONS_PER_EVENT);
  });
});

/** Resolves once `check` holds, looking every 10 ms (the emulator's log is written as it answers). */
async function until(check: () => boolean): Promise<void> {
  for (let waited = 0; !check(); waited += 10) {
    if (waited > 10_000) throw new Error('not within 10 s');
    await new Promise((done) => setTimeout(done, 10));
  }
}
