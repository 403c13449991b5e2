import {createBackend} from '../src/app';
import {loadConfig} from '../src/config';
import {memoryState, type StateStore} from '../src/state';
import {deauthorization} from '../src/webhooks';
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
import {emulator, finds, keyCheck, provider, type KeyCheck, type Provider} from './parties';

/**
 * `POST /webhooks/stripe` with events signed by stripe-node's test-header helper, against the real Secret Store
 * emulator (whose log counts the backend's reads) and the provider's key check.
 */

let store: Awaited<ReturnType<typeof emulator>>;
let p: Provider;
let keys: KeyCheck;
let state: StateStore;
let app: ReturnType<typeof createBackend>;

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
  app = createBackend(loadConfig(backendEnv({emulatorUrl: store.at.url, providerUrl: p.url, keyCheckUrl: keys.url})), {
    state,
  });
});
afterEach(() => store.at.close());

async function deliver(signed: {raw: string; header?: string}) {
  const headers: Record<string, string> = {'Content-Type': 'application/json'};
  if (signed.header) headers['Stripe-Signature'] = signed.header;
  const res = await app.request('/webhooks/stripe', {method: 'POST', headers, body: signed.raw});
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
    expect(await deliver(event)).toEqual({status: 200, json: {received: true, outcome: 'no API key saved'}});
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
    ).toEqual({received: true, outcome: 'API key accepted'});
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
      expect(answers.every((a) => a.json.outcome === 'API key accepted')).toBe(true);
    }
    expect(finds(store.requests)).toBeLessThanOrEqual(5);
    expect(finds(store.requests)).toBe(1);
    expect((await keys.count()) - checksBefore).toBe(1000);
  });

  it('a refused key: the event is acknowledged, the cached key dropped', async () => {
    await saveKey('ec_test_refusedrefusedrefusedrefused00');
    expect((await deliver(signEvent({type: 'customer.created', account: ACCOUNT}, WEBHOOK_SECRET_TEST))).json).toEqual({
      received: true,
      outcome: 'API key refused',
    });
    expect(finds(store.requests)).toBe(2);
  });

  it('the Secret Store failing: 500, and the event is handled when Stripe retries it', async () => {
    await saveKey(GOOD_KEY);
    store.at.injectFault({status: 500, times: 3, path: '/v1/apps/secrets/find'});
    const event = signEvent({id: 'evt_1Retry', type: 'customer.created', account: ACCOUNT}, WEBHOOK_SECRET_TEST);
    expect((await deliver(event)).json.error?.reason).toBe('handler_failed');
    expect((await deliver(event)).json).toEqual({received: true, outcome: 'API key accepted'});
  });
});
