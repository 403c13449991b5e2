import {
  ACCOUNT_SCOPE,
  contents,
  form,
  send,
  stripeError,
  stripeFor,
  emulatorPerTest,
  wireError,
} from '../../testing/emulator';

/** The wire format: bracket encodings, headers on every answer, idempotent replays, and opt-in faults. */
const emulator = emulatorPerTest();

describe('parameters are decoded alike from the query and the body, in every bracket form', () => {
  const forms = [
    ['expand[]=payload', 'raw empty brackets (curl docs)'],
    ['expand[0]=payload', 'raw indexed brackets (stripe-node)'],
    ['expand%5B%5D=payload', 'percent-encoded empty brackets'],
    ['expand%5B0%5D=payload', 'percent-encoded indexed brackets'],
    ['expand%5b0%5d=payload', 'lower-case percent-encoding'],
  ];

  it.each(forms)('find with %s (%s) returns the payload', async (expand) => {
    await stripeFor(emulator()).apps.secrets.create({name: 'k', payload: 'secret value', scope: ACCOUNT_SCOPE});
    const res = await send(emulator(), {path: `/v1/apps/secrets/find?name=k&scope%5Btype%5D=account&${expand}`});
    expect(res.status).toBe(200);
    expect((res.json as {payload?: string}).payload).toBe('secret value');
  });

  it.each(forms)('create with %s (%s) in the body returns the payload', async (expand) => {
    const res = await send(emulator(), {
      method: 'POST',
      path: '/v1/apps/secrets',
      body: `name=k&payload=p&scope%5Btype%5D=account&${expand}`,
    });
    expect(res.status).toBe(200);
    expect((res.json as {payload?: string}).payload).toBe('p');
  });

  it('takes parameters from the query string of a POST too', async () => {
    const res = await send(emulator(), {
      method: 'POST',
      path: '/v1/apps/secrets?scope[type]=account&name=q',
      body: 'payload=from%20body',
    });
    expect(res.status).toBe(200);
    expect((await contents(stripeFor(emulator()), [ACCOUNT_SCOPE])).account).toMatchObject([
      {name: 'q', payload: 'from body'},
    ]);
  });

  it('decodes + as a space and keeps unusual characters in names and payloads', async () => {
    const name = 'näme/with spaces&symbols=+?';
    await send(emulator(), {
      method: 'POST',
      path: '/v1/apps/secrets',
      body: `${form({name, payload: '{"a":1}'})}&scope[type]=account`,
    });
    await send(emulator(), {
      method: 'POST',
      path: '/v1/apps/secrets',
      body: 'name=plus+sign&payload=a+b&scope[type]=account',
    });
    const stored = (await contents(stripeFor(emulator()), [ACCOUNT_SCOPE])).account.map((s) => [s.name, s.payload]);
    expect(stored).toEqual([
      ['plus sign', 'a b'],
      [name, '{"a":1}'],
    ]);
  });

  it('a repeated plain parameter keeps its last value', async () => {
    await send(emulator(), {
      method: 'POST',
      path: '/v1/apps/secrets',
      body: 'name=k&payload=first&payload=second&scope[type]=account',
    });
    expect((await contents(stripeFor(emulator()), [ACCOUNT_SCOPE])).account[0].payload).toBe('second');
  });

  it('an empty optional parameter means unset: no expiry, default limit', async () => {
    const created = await send(emulator(), {
      method: 'POST',
      path: '/v1/apps/secrets',
      body: 'name=k&payload=v&scope[type]=account&expires_at=',
    });
    expect((created.json as {expires_at: unknown}).expires_at).toBeNull();
    const list = await send(emulator(), {path: '/v1/apps/secrets?scope[type]=account&limit=&starting_after='});
    expect(list.status).toBe(200);
  });
});

describe('headers', () => {
  it('every answer carries Content-Type: application/json and a fresh Request-Id, errors included', async () => {
    const ok = await send(emulator(), {path: '/v1/apps/secrets?scope[type]=account'});
    const notFound = await send(emulator(), {path: '/nowhere'});
    const unauthorized = await send(emulator(), {path: '/v1/apps/secrets', key: null});
    for (const res of [ok, notFound, unauthorized]) {
      expect(res.headers['content-type']).toBe('application/json');
      expect(res.headers['request-id']).toMatch(/^req_[A-Za-z0-9]{14}$/);
    }
    expect(new Set([ok, notFound, unauthorized].map((r) => r.headers['request-id'])).size).toBe(3);
  });

  it('stripe-node sees the request id on results and on errors', async () => {
    const stripe = stripeFor(emulator());
    const created = await stripe.apps.secrets.create({name: 'k', payload: 'v', scope: ACCOUNT_SCOPE});
    expect(created.lastResponse.requestId).toMatch(/^req_/);
    const err = await stripeError(stripe.apps.secrets.find({name: 'nope', scope: ACCOUNT_SCOPE}));
    expect(err.requestId).toMatch(/^req_/);
    expect(err.requestId).not.toBe(created.lastResponse.requestId);
  });
});

describe('idempotency keys', () => {
  const post = (key: string, body: string) =>
    send(emulator(), {method: 'POST', path: '/v1/apps/secrets/delete', body, headers: {'Idempotency-Key': key}});

  it('replay the first answer for the same key and parameters, marked as replayed', async () => {
    await stripeFor(emulator()).apps.secrets.create({name: 'k', payload: 'v', scope: ACCOUNT_SCOPE});
    const first = await post('delete-1', 'name=k&scope[type]=account');
    const again = await post('delete-1', 'name=k&scope[type]=account');
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.json).toEqual(first.json);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers['original-request']).toBe(first.headers['request-id']);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
  });

  it('refuse the same key with other parameters: 400 idempotency_error', async () => {
    await stripeFor(emulator()).apps.secrets.create({name: 'k', payload: 'v', scope: ACCOUNT_SCOPE});
    await post('key-2', 'name=k&scope[type]=account');
    const other = await post('key-2', 'name=other&scope[type]=account');
    expect(other.status).toBe(400);
    expect(wireError(other)).toEqual({
      type: 'idempotency_error',
      message:
        "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than 'key-2' if you meant to execute a different request.",
    });
  });

  it('are not kept for a request refused by validation', async () => {
    const refused = await post('key-3', 'scope[type]=account');
    expect(refused.status).toBe(400);
    await stripeFor(emulator()).apps.secrets.create({name: 'k', payload: 'v', scope: ACCOUNT_SCOPE});
    const retried = await post('key-3', 'name=k&scope[type]=account');
    expect(retried.status).toBe(200);
  });

  it('are per credential: another key reusing the string runs anew', async () => {
    const stripe = stripeFor(emulator());
    await stripe.apps.secrets.create({name: 'k', payload: 'v', scope: ACCOUNT_SCOPE}, {idempotencyKey: 'shared'});
    const other = await stripeFor(emulator(), 'sk_test_someoneelse').apps.secrets.create(
      {name: 'k2', payload: 'v', scope: ACCOUNT_SCOPE},
      {idempotencyKey: 'shared'},
    );
    expect(other.name).toBe('k2');
  });
});

describe('faults', () => {
  it('a 500 fails the next request as api_error, changes nothing, and then clears itself', async () => {
    const stripe = stripeFor(emulator());
    emulator().injectFault({status: 500});
    const err = await stripeError(stripe.apps.secrets.create({name: 'k', payload: 'v', scope: ACCOUNT_SCOPE}));
    expect(err).toMatchObject({type: 'StripeAPIError', rawType: 'api_error', statusCode: 500});
    expect((await contents(stripe, [ACCOUNT_SCOPE])).account).toEqual([]);
    await stripe.apps.secrets.create({name: 'k', payload: 'v', scope: ACCOUNT_SCOPE});
  });

  it('a 429 is a rate_limit_error with Stripe’s advice', async () => {
    emulator().injectFault({status: 429});
    const res = await send(emulator(), {path: '/v1/apps/secrets?scope[type]=account'});
    expect(res.status).toBe(429);
    expect(wireError(res)).toMatchObject({
      type: 'rate_limit_error',
      code: 'rate_limit',
      message:
        'Too many requests hit the API too quickly. We recommend an exponential backoff of your requests. (Fault injected with POST /local/faults.)',
    });
  });

  it('`times` fails that many requests', async () => {
    emulator().injectFault({status: 503, times: 2});
    const statuses = [];
    for (let i = 0; i < 3; i += 1)
      statuses.push((await send(emulator(), {path: '/v1/apps/secrets?scope[type]=account'})).status);
    expect(statuses).toEqual([503, 503, 200]);
  });

  it('`path` limits a fault to requests under that path', async () => {
    emulator().injectFault({status: 500, path: '/v1/apps/secrets/find'});
    expect((await send(emulator(), {path: '/v1/apps/secrets?scope[type]=account'})).status).toBe(200);
    expect((await send(emulator(), {path: '/v1/apps/secrets/find?name=k&scope[type]=account'})).status).toBe(500);
  });

  it('stripe-node’s own retry gets through a single 500', async () => {
    emulator().injectFault({status: 500});
    const stripe = stripeFor(emulator(), undefined, {maxNetworkRetries: 1});
    const created = await stripe.apps.secrets.create({name: 'k', payload: 'v', scope: ACCOUNT_SCOPE});
    expect(created.name).toBe('k');
  });

  it('can be injected and cleared over HTTP with a secret key', async () => {
    const injected = await send(emulator(), {
      method: 'POST',
      path: '/local/faults',
      body: 'status=502&times=3&path=/v1/apps',
    });
    expect(injected.json).toEqual({object: 'local.fault', status: 502, times: 3, path: '/v1/apps'});
    expect((await send(emulator(), {path: '/v1/apps/secrets?scope[type]=account'})).status).toBe(502);
    const cleared = await send(emulator(), {method: 'DELETE', path: '/local/faults'});
    expect(cleared.json).toEqual({object: 'local.faults', cleared: 1});
    expect((await send(emulator(), {path: '/v1/apps/secrets?scope[type]=account'})).status).toBe(200);
  });

  it('clearFaults() clears them too', async () => {
    emulator().injectFault({status: 500, times: 5});
    emulator().clearFaults();
    expect((await send(emulator(), {path: '/v1/apps/secrets?scope[type]=account'})).status).toBe(200);
  });

  it('only 429 and 5xx can be injected', async () => {
    const res = await send(emulator(), {method: 'POST', path: '/local/faults', body: 'status=404'});
    expect([res.status, wireError(res).message]).toEqual([
      400,
      'Invalid status: a fault is 429 or a status from 500 to 599.',
    ]);
    expect(() => emulator().injectFault({status: 200})).toThrow(
      'Invalid status: a fault is 429 or a status from 500 to 599.',
    );
  });
});
