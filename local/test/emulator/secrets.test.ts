import {
  ACCOUNT_SCOPE,
  TestClock,
  T0,
  contents,
  form,
  send,
  stripeFor,
  emulatorPerTest,
  userScope,
} from '../../testing/emulator';

/** The four endpoints through stripe-node, as an app's backend calls them. */
const clock = new TestClock();
const emulator = emulatorPerTest({now: clock.now});
beforeEach(() => {
  clock.ms = Date.UTC(2030, 0, 1);
});

describe('create', () => {
  it('answers the secret without its payload', async () => {
    const secret = await stripeFor(emulator()).apps.secrets.create({
      name: 'api_key',
      payload: 'sk_third_party',
      scope: ACCOUNT_SCOPE,
    });
    expect(secret.id).toMatch(/^appsecret_[A-Za-z0-9]{24}$/);
    expect({...secret, id: 'x'}).toEqual({
      id: 'x',
      object: 'apps.secret',
      created: T0,
      expires_at: null,
      livemode: false,
      name: 'api_key',
      scope: {type: 'account'},
    });
    expect('payload' in secret).toBe(false);
  });

  it('answers the payload when asked with expand', async () => {
    const secret = await stripeFor(emulator()).apps.secrets.create({
      name: 'a',
      payload: 'p1',
      scope: ACCOUNT_SCOPE,
      expand: ['payload'],
    });
    expect(secret.payload).toBe('p1');
  });

  it('stores a user-scoped secret with its user', async () => {
    const secret = await stripeFor(emulator()).apps.secrets.create({
      name: 'oauth',
      payload: 't',
      scope: userScope('usr_ada'),
      expires_at: T0 + 3600,
    });
    expect(secret.scope).toEqual({type: 'user', user: 'usr_ada'});
    expect(secret.expires_at).toBe(T0 + 3600);
  });

  it('accepts a name and payload of exactly 5000 characters, counted in characters', async () => {
    const name = 'n'.repeat(5000);
    const payload = '🔑'.repeat(5000);
    await stripeFor(emulator()).apps.secrets.create({name, payload, scope: ACCOUNT_SCOPE});
    expect(await contents(stripeFor(emulator()), [ACCOUNT_SCOPE])).toMatchObject({account: [{name, payload}]});
  });
});

describe('replace (create with an existing name)', () => {
  it('keeps id and created, takes the new payload', async () => {
    const stripe = stripeFor(emulator());
    const first = await stripe.apps.secrets.create({name: 'k', payload: 'old', scope: ACCOUNT_SCOPE});
    clock.advance(60);
    const second = await stripe.apps.secrets.create({
      name: 'k',
      payload: 'new',
      scope: ACCOUNT_SCOPE,
      expand: ['payload'],
    });
    expect(second.id).toBe(first.id);
    expect(second.created).toBe(T0);
    expect(second.payload).toBe('new');
    expect(await contents(stripe, [ACCOUNT_SCOPE])).toEqual({
      account: [{id: first.id, name: 'k', payload: 'new', created: T0, expires_at: null}],
    });
  });

  it('takes the new expires_at', async () => {
    const stripe = stripeFor(emulator());
    await stripe.apps.secrets.create({name: 'k', payload: 'a', scope: ACCOUNT_SCOPE, expires_at: T0 + 100});
    const replaced = await stripe.apps.secrets.create({
      name: 'k',
      payload: 'b',
      scope: ACCOUNT_SCOPE,
      expires_at: T0 + 999,
    });
    expect(replaced.expires_at).toBe(T0 + 999);
  });

  it('without expires_at clears an earlier expiry', async () => {
    const stripe = stripeFor(emulator());
    await stripe.apps.secrets.create({name: 'k', payload: 'a', scope: ACCOUNT_SCOPE, expires_at: T0 + 100});
    const replaced = await stripe.apps.secrets.create({name: 'k', payload: 'b', scope: ACCOUNT_SCOPE});
    expect(replaced.expires_at).toBeNull();
    clock.advance(200);
    expect((await stripe.apps.secrets.find({name: 'k', scope: ACCOUNT_SCOPE})).expires_at).toBeNull();
  });

  it('keeps the secret’s place in the list', async () => {
    const stripe = stripeFor(emulator());
    await stripe.apps.secrets.create({name: 'older', payload: '1', scope: ACCOUNT_SCOPE});
    clock.advance(1);
    await stripe.apps.secrets.create({name: 'newer', payload: '2', scope: ACCOUNT_SCOPE});
    clock.advance(1);
    await stripe.apps.secrets.create({name: 'older', payload: '3', scope: ACCOUNT_SCOPE});
    const list = await stripe.apps.secrets.list({scope: ACCOUNT_SCOPE});
    expect(list.data.map((s) => s.name)).toEqual(['newer', 'older']);
  });
});

describe('find', () => {
  it('finds by name and scope, without the payload', async () => {
    const stripe = stripeFor(emulator());
    const created = await stripe.apps.secrets.create({name: 'k', payload: 'v', scope: userScope('usr_1')});
    const found = await stripe.apps.secrets.find({name: 'k', scope: userScope('usr_1')});
    expect({...found}).toEqual({...created});
    expect('payload' in found).toBe(false);
  });

  it('gives the payload with expand[]=payload', async () => {
    const stripe = stripeFor(emulator());
    await stripe.apps.secrets.create({name: 'k', payload: 'v', scope: ACCOUNT_SCOPE});
    expect((await stripe.apps.secrets.find({name: 'k', scope: ACCOUNT_SCOPE, expand: ['payload']})).payload).toBe('v');
  });

  it('looks only in the named scope', async () => {
    const stripe = stripeFor(emulator());
    await stripe.apps.secrets.create({name: 'k', payload: 'v', scope: ACCOUNT_SCOPE});
    const res = await send(emulator(), {path: '/v1/apps/secrets/find?name=k&scope[type]=user&scope[user]=usr_1'});
    expect(res.status).toBe(404);
  });
});

describe('delete', () => {
  it('answers only id, object and deleted', async () => {
    const stripe = stripeFor(emulator());
    const created = await stripe.apps.secrets.create({name: 'k', payload: 'v', scope: ACCOUNT_SCOPE});
    const res = await send(emulator(), {
      method: 'POST',
      path: '/v1/apps/secrets/delete',
      body: form({name: 'k', 'scope[type]': 'account'}),
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({id: created.id, object: 'apps.secret', deleted: true});
  });

  it('removes the secret: find is 404 and list is empty', async () => {
    const stripe = stripeFor(emulator());
    await stripe.apps.secrets.create({name: 'k', payload: 'v', scope: ACCOUNT_SCOPE});
    const deleted = await stripe.apps.secrets.deleteWhere({name: 'k', scope: ACCOUNT_SCOPE});
    expect(deleted.deleted).toBe(true);
    expect((await send(emulator(), {path: '/v1/apps/secrets/find?name=k&scope[type]=account'})).status).toBe(404);
    expect(await contents(stripe, [ACCOUNT_SCOPE])).toEqual({account: []});
  });

  it('with expand[]=payload also answers the payload it deleted', async () => {
    const stripe = stripeFor(emulator());
    await stripe.apps.secrets.create({name: 'k', payload: 'last words', scope: ACCOUNT_SCOPE});
    const deleted = await stripe.apps.secrets.deleteWhere({name: 'k', scope: ACCOUNT_SCOPE, expand: ['payload']});
    expect(deleted.payload).toBe('last words');
  });

  it('a name deleted and created again is a new secret', async () => {
    const stripe = stripeFor(emulator());
    const first = await stripe.apps.secrets.create({name: 'k', payload: 'v', scope: ACCOUNT_SCOPE});
    await stripe.apps.secrets.deleteWhere({name: 'k', scope: ACCOUNT_SCOPE});
    clock.advance(5);
    const second = await stripe.apps.secrets.create({name: 'k', payload: 'v', scope: ACCOUNT_SCOPE});
    expect(second.id).not.toBe(first.id);
    expect(second.created).toBe(T0 + 5);
  });
});

describe('list', () => {
  it('is newest first, without payloads, with Stripe’s list envelope', async () => {
    const stripe = stripeFor(emulator());
    for (const name of ['a', 'b', 'c']) await stripe.apps.secrets.create({name, payload: name, scope: ACCOUNT_SCOPE});
    const res = await send(emulator(), {path: '/v1/apps/secrets?scope[type]=account'});
    const body = res.json as {object: string; url: string; has_more: boolean; data: Record<string, unknown>[]};
    expect({object: body.object, url: body.url, has_more: body.has_more}).toEqual({
      object: 'list',
      url: '/v1/apps/secrets',
      has_more: false,
    });
    expect(body.data.map((s) => s.name)).toEqual(['c', 'b', 'a']);
    expect(body.data.every((s) => !('payload' in s))).toBe(true);
  });

  it('gives payloads with expand[]=data.payload', async () => {
    const stripe = stripeFor(emulator());
    await stripe.apps.secrets.create({name: 'a', payload: 'pa', scope: ACCOUNT_SCOPE});
    const list = await stripe.apps.secrets.list({scope: ACCOUNT_SCOPE, expand: ['data.payload']});
    expect(list.data.map((s) => s.payload)).toEqual(['pa']);
  });

  it('of an empty scope is an empty list', async () => {
    const list = await stripeFor(emulator()).apps.secrets.list({scope: userScope('usr_nobody')});
    expect(list.data).toEqual([]);
    expect(list.has_more).toBe(false);
  });
});
