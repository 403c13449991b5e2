import {DEFAULT_ACCOUNT} from '../../emulator';
import {
  ACCOUNT_SCOPE,
  LIVE_KEY,
  TEST_KEY,
  contents,
  form,
  send,
  stripeError,
  stripeFor,
  emulatorPerTest,
  userScope,
  wireError,
} from '../../testing/emulator';

/** Who may reach which secrets: accounts, modes, users, and Dashboard sessions. One rule per test. */
const emulator = emulatorPerTest();

describe('backend keys and accounts', () => {
  it('without Stripe-Account a request acts on acct_local_default', async () => {
    expect(DEFAULT_ACCOUNT).toBe('acct_local_default');
    await stripeFor(emulator()).apps.secrets.create({name: 'k', payload: 'v', scope: ACCOUNT_SCOPE});
    const viaHeader = await contents(stripeFor(emulator()), [ACCOUNT_SCOPE], 'acct_local_default');
    expect(viaHeader.account.map((s) => s.name)).toEqual(['k']);
  });

  it('each account (Stripe-Account) has its own store', async () => {
    const stripe = stripeFor(emulator());
    await stripe.apps.secrets.create({name: 'k', payload: 'for A', scope: ACCOUNT_SCOPE}, {stripeAccount: 'acct_A'});
    await stripe.apps.secrets.create({name: 'k', payload: 'for B', scope: ACCOUNT_SCOPE}, {stripeAccount: 'acct_B'});
    expect((await contents(stripe, [ACCOUNT_SCOPE], 'acct_A')).account.map((s) => s.payload)).toEqual(['for A']);
    expect((await contents(stripe, [ACCOUNT_SCOPE], 'acct_B')).account.map((s) => s.payload)).toEqual(['for B']);
    expect((await contents(stripe, [ACCOUNT_SCOPE])).account).toEqual([]);
  });

  it('the account scope and each user scope are separate', async () => {
    const stripe = stripeFor(emulator());
    await stripe.apps.secrets.create({name: 'k', payload: 'acct', scope: ACCOUNT_SCOPE});
    await stripe.apps.secrets.create({name: 'k', payload: 'ada', scope: userScope('usr_ada')});
    await stripe.apps.secrets.create({name: 'k', payload: 'bob', scope: userScope('usr_bob')});
    const all = await contents(stripe, [ACCOUNT_SCOPE, userScope('usr_ada'), userScope('usr_bob')]);
    expect([all.account, all['user:usr_ada'], all['user:usr_bob']].map((list) => list.map((s) => s.payload))).toEqual([
      ['acct'],
      ['ada'],
      ['bob'],
    ]);
  });

  it('a backend may name any user', async () => {
    const stripe = stripeFor(emulator());
    await stripe.apps.secrets.create({name: 'k', payload: 'v', scope: userScope('usr_anyone')});
    expect((await stripe.apps.secrets.find({name: 'k', scope: userScope('usr_anyone')})).name).toBe('k');
  });

  it('live and test mode are separate stores, and livemode follows the key', async () => {
    const test = stripeFor(emulator());
    const live = stripeFor(emulator(), LIVE_KEY);
    const inTest = await test.apps.secrets.create({name: 'k', payload: 'test', scope: ACCOUNT_SCOPE});
    const inLive = await live.apps.secrets.create({name: 'k', payload: 'live', scope: ACCOUNT_SCOPE});
    expect([inTest.livemode, inLive.livemode]).toEqual([false, true]);
    expect(inLive.id).not.toBe(inTest.id);
    expect((await contents(live, [ACCOUNT_SCOPE])).account.map((s) => s.payload)).toEqual(['live']);
    expect((await contents(test, [ACCOUNT_SCOPE])).account.map((s) => s.payload)).toEqual(['test']);
  });

  it('restricted keys work like secret keys, in their own mode', async () => {
    await stripeFor(emulator()).apps.secrets.create({name: 'k', payload: 'v', scope: ACCOUNT_SCOPE});
    const viaRk = await stripeFor(emulator(), 'rk_test_restricted1').apps.secrets.find({
      name: 'k',
      scope: ACCOUNT_SCOPE,
    });
    expect(viaRk.livemode).toBe(false);
    const err = await stripeError(
      stripeFor(emulator(), 'rk_live_restricted1').apps.secrets.find({name: 'k', scope: ACCOUNT_SCOPE}),
    );
    expect(err.statusCode).toBe(404);
  });

  it('Basic auth with the key as user name is accepted, as curl -u sends it', async () => {
    const res = await send(emulator(), {
      path: '/v1/apps/secrets?scope[type]=account',
      key: null,
      headers: {Authorization: `Basic ${Buffer.from(`${TEST_KEY}:`).toString('base64')}`},
    });
    expect(res.status).toBe(200);
  });

  it('stripe-node reports a bad key as an authentication error, without the key', async () => {
    const key = 'sk_test_ThisIsAVeryLongSecretKeyValue1234';
    const err = await stripeError(stripeFor(emulator(), `${key}!`).apps.secrets.list({scope: ACCOUNT_SCOPE}));
    expect(err).toMatchObject({type: 'StripeAuthenticationError', rawType: 'invalid_request_error', statusCode: 401});
    expect(err.message).toMatch(/^Invalid API Key provided: sk_test_\*+/);
    expect(err.message).not.toContain('ThisIsAVeryLong');
  });
});

describe('Dashboard sessions', () => {
  it('POST /local/dashboard_sessions answers the session; its id is the bearer token', async () => {
    const res = await send(emulator(), {
      method: 'POST',
      path: '/local/dashboard_sessions',
      body: form({account: 'acct_1', user: 'usr_ada'}),
    });
    expect(res.status).toBe(200);
    const session = res.json as {id: string};
    expect(session).toEqual({
      object: 'local.dashboard_session',
      id: expect.stringMatching(/^dsess_test_[A-Za-z0-9]+$/),
      account: 'acct_1',
      user: 'usr_ada',
      livemode: false,
      permissions: ['secret_write'],
      roles: [],
    });
    const list = await send(emulator(), {path: '/v1/apps/secrets?scope[type]=account', key: session.id});
    expect(list.status).toBe(200);
  });

  it('takes its mode from the key that created it', async () => {
    const res = await send(emulator(), {
      method: 'POST',
      path: '/local/dashboard_sessions',
      body: form({account: 'acct_1', user: 'usr_ada'}),
      key: LIVE_KEY,
    });
    expect(res.json).toMatchObject({livemode: true, id: expect.stringMatching(/^dsess_live_/)});
    await stripeFor(emulator(), LIVE_KEY).apps.secrets.create(
      {name: 'k', payload: 'v', scope: ACCOUNT_SCOPE},
      {stripeAccount: 'acct_1'},
    );
    const found = await stripeFor(emulator(), (res.json as {id: string}).id).apps.secrets.find({
      name: 'k',
      scope: ACCOUNT_SCOPE,
    });
    expect(found.livemode).toBe(true);
  });

  it('accepts explicit permissions, and an empty list', async () => {
    const res = await send(emulator(), {
      method: 'POST',
      path: '/local/dashboard_sessions',
      body: 'account=acct_1&user=usr_ada&permissions[]=secret_write&permissions[]=customer_read',
    });
    expect((res.json as {permissions: string[]}).permissions).toEqual(['secret_write', 'customer_read']);
    const none = await send(emulator(), {
      method: 'POST',
      path: '/local/dashboard_sessions',
      body: 'account=acct_1&user=usr_ada&permissions=',
    });
    expect((none.json as {permissions: string[]}).permissions).toEqual([]);
  });

  it('refuses a malformed account or user', async () => {
    const badAccount = await send(emulator(), {
      method: 'POST',
      path: '/local/dashboard_sessions',
      body: form({account: 'acme', user: 'usr_ada'}),
    });
    expect([badAccount.status, wireError(badAccount).message, wireError(badAccount).param]).toEqual([
      400,
      'Invalid account: must be an account id like acct_1A2b3C.',
      'account',
    ]);
    const badUser = await send(emulator(), {
      method: 'POST',
      path: '/local/dashboard_sessions',
      body: form({account: 'acct_1', user: 'ada'}),
    });
    expect([badUser.status, wireError(badUser).message]).toEqual([
      400,
      'Invalid user: must be a user id like usr_1A2b3C.',
    ]);
    await expect(emulator().createDashboardSession({account: 'acct_1', user: 'ada'})).rejects.toThrow(
      'Invalid user: must be a user id like usr_1A2b3C.',
    );
  });

  it('acts on its own account without a Stripe-Account header', async () => {
    const token = await emulator().createDashboardSession({account: 'acct_shop', user: 'usr_ada'});
    await stripeFor(emulator(), token).apps.secrets.create({name: 'k', payload: 'v', scope: ACCOUNT_SCOPE});
    expect((await contents(stripeFor(emulator()), [ACCOUNT_SCOPE], 'acct_shop')).account.map((s) => s.name)).toEqual([
      'k',
    ]);
    expect((await contents(stripeFor(emulator()), [ACCOUNT_SCOPE])).account).toEqual([]);
  });

  it('accepts a Stripe-Account header naming its own account', async () => {
    const token = await emulator().createDashboardSession({account: 'acct_shop', user: 'usr_ada'});
    const list = await stripeFor(emulator(), token).apps.secrets.list(
      {scope: ACCOUNT_SCOPE},
      {stripeAccount: 'acct_shop'},
    );
    expect(list.data).toEqual([]);
  });

  it('reaches the account scope and its own user scope, both ways', async () => {
    const token = await emulator().createDashboardSession({account: 'acct_shop', user: 'usr_ada'});
    const ui = stripeFor(emulator(), token);
    await ui.apps.secrets.create({name: 'shared', payload: 's', scope: ACCOUNT_SCOPE});
    await ui.apps.secrets.create({name: 'mine', payload: 'm', scope: userScope('usr_ada')});
    const backend = await contents(stripeFor(emulator()), [ACCOUNT_SCOPE, userScope('usr_ada')], 'acct_shop');
    expect([backend.account[0].payload, backend['user:usr_ada'][0].payload]).toEqual(['s', 'm']);
    await stripeFor(emulator()).apps.secrets.create(
      {name: 'from_backend', payload: 'b', scope: userScope('usr_ada')},
      {stripeAccount: 'acct_shop'},
    );
    expect(
      (await ui.apps.secrets.find({name: 'from_backend', scope: userScope('usr_ada'), expand: ['payload']})).payload,
    ).toBe('b');
  });

  it('cannot reach another user’s scope: 403, and nothing is written', async () => {
    const token = await emulator().createDashboardSession({account: 'acct_shop', user: 'usr_ada'});
    const err = await stripeError(
      stripeFor(emulator(), token).apps.secrets.create({name: 'k', payload: 'v', scope: userScope('usr_bob')}),
    );
    expect(err).toMatchObject({type: 'StripePermissionError', statusCode: 403});
    expect((await contents(stripeFor(emulator()), [userScope('usr_bob')], 'acct_shop'))['user:usr_bob']).toEqual([]);
  });

  it('without secret_write every Secret Store call is refused, reads included', async () => {
    const token = await emulator().createDashboardSession({
      account: 'acct_shop',
      user: 'usr_ada',
      permissions: ['customer_read'],
    });
    const err = await stripeError(stripeFor(emulator(), token).apps.secrets.list({scope: ACCOUNT_SCOPE}));
    expect(err).toMatchObject({type: 'StripeInvalidRequestError', statusCode: 400, rawType: 'invalid_request_error'});
    expect(err.message).toContain("Having the 'secret_write' permission would allow this request to continue.");
  });

  it('cannot inject faults', async () => {
    const token = await emulator().createDashboardSession({account: 'acct_shop', user: 'usr_ada'});
    const res = await send(emulator(), {method: 'POST', path: '/local/faults', body: 'status=500', key: token});
    expect([res.status, wireError(res).type]).toEqual([403, 'permission_error']);
  });
});
