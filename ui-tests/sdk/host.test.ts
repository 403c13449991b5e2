import {AUTHORIZATION_VALUE as SDK_AUTHORIZATION_VALUE} from '@stripe/ui-extension-sdk/http_client';
import type {SerializableResponse, StripeApiFetch} from '@stripe/ui-extension-sdk/utils/apiFetch';
import {AUTHORIZATION_VALUE} from '../../src/sdk/host';
import {API, setUpSeams} from './seams';

/**
 * src/sdk/host.ts against the SDK's own `stripeApiFetch` and `createOAuthState` (9.3.0), on both of the SDK's paths:
 * through the Dashboard (the host's RPC) and directly (an app embedded key, then `fetch`), with a real emulator
 * answering. Each case runs both and compares what leaves the view and what comes back. Both keep the path their first
 * request chose for the life of the module, so each path loads its own copies of both. api.stripe.com cannot be
 * reached here: the direct path's `fetch` is the one seam, recording each request and forwarding it to the emulator.
 */

const rpcCalls: {name: string; args: unknown[]}[] = [];
const answers: Record<string, ((...args: unknown[]) => unknown) | undefined> = {};
// One path the emulator does not have answers as a proxy in front of Stripe might: not JSON.
const seams = setUpSeams('acct_1KeyringHost', (url) =>
  url.endsWith('/v1/not-json') ? new Response('upstream down', {status: 502, statusText: 'Bad Gateway'}) : undefined,
);
const {sent} = seams;

beforeAll(() => {
  // What the views ask of the Dashboard, argument for argument; a case may change the answer (`answers`).
  for (const name of ['stripeApiFetch', 'fetchAppEmbeddedKey', 'createOAuthState'] as const) {
    const rpc = seams.host.rpcs[name] as (...args: unknown[]) => unknown;
    (seams.host.rpcs as Record<string, unknown>)[name] = (...args: unknown[]) => {
      rpcCalls.push({name, args: structuredClone(args)});
      return (answers[name] ?? rpc)(...args);
    };
  }
});

interface Pair {
  ours: typeof import('../../src/sdk/host');
  theirs: {
    stripeApiFetch: StripeApiFetch;
    createOAuthState: typeof import('@stripe/ui-extension-sdk/oauth').createOAuthState;
  };
}

/** Fresh copies of both modules: neither has chosen a path yet. */
async function loadBoth(): Promise<Pair> {
  let pair!: Pair;
  await jest.isolateModulesAsync(async () => {
    const [ours, apiFetch, oauth] = await Promise.all([
      import('../../src/sdk/host'),
      import('@stripe/ui-extension-sdk/api_fetch'),
      import('@stripe/ui-extension-sdk/oauth'),
    ]);
    pair = {ours, theirs: {stripeApiFetch: apiFetch.default, createOAuthState: oauth.createOAuthState}};
  });
  return pair;
}

/** An answer without what differs between two requests (the request id, the date). */
function comparable(response: SerializableResponse) {
  const {'request-id': _id, date: _date, ...headers} = response.headers;
  return {
    ...response,
    headers,
    arrayBuffer: response.arrayBuffer && Buffer.from(response.arrayBuffer).toString(),
  };
}

/** Runs `call` and returns what it sent to Stripe and to the host, and what it resolved or rejected with. */
async function observe(call: () => Promise<SerializableResponse | {state: string; challenge: string}>) {
  sent.length = 0;
  rpcCalls.length = 0;
  const outcome = await call().then(
    (value) => ({ok: true as const, value: 'status' in value ? comparable(value) : Object.keys(value).sort()}),
    (error: unknown) => ({ok: false as const, error}),
  );
  return {outcome, sent: [...sent], rpcs: [...rpcCalls]};
}

const headers = {
  Accept: 'application/json',
  'Content-Type': 'application/x-www-form-urlencoded',
  'Stripe-Version': '2024-04-10',
  Authorization: SDK_AUTHORIZATION_VALUE,
};
const REQUESTS: [string, string, Parameters<StripeApiFetch>[1]][] = [
  ['a list', `${API}/v1/apps/secrets?scope[type]=account&limit=3`, {method: 'GET', headers}],
  [
    'a create with a form body',
    `${API}/v1/apps/secrets`,
    {method: 'POST', headers, body: 'scope[type]=account&name=keyring.test&payload=a%26b%3Dc+%C3%A9'},
  ],
  ['an error Stripe names', `${API}/v1/apps/secrets/find?scope[type]=account&name=missing`, {method: 'GET', headers}],
  ['no options', `${API}/v1/apps/secrets?scope[type]=account`, undefined],
];

test('the placeholder Authorization value is the SDK’s', () => {
  expect(AUTHORIZATION_VALUE).toBe(SDK_AUTHORIZATION_VALUE);
});

describe('through the Dashboard (no app embedded key)', () => {
  let pair: Pair;
  beforeAll(async () => {
    seams.host.rpcs.supportsFetchAppEmbeddedKey = async () => false;
    pair = await loadBoth();
  });

  it.each(REQUESTS)('%s: the same call to the host, the same answer', async (_what, url, init) => {
    const theirs = await observe(() => pair.theirs.stripeApiFetch(url, init));
    const ours = await observe(() => pair.ours.stripeApiFetch(url, init));
    expect(theirs.rpcs).toHaveLength(1);
    expect(ours.rpcs).toEqual(theirs.rpcs);
    expect(ours.sent).toEqual([]);
    expect(ours.outcome).toEqual(theirs.outcome);
    expect(ours.outcome).toMatchObject({ok: true, value: {json: expect.any(Object)}});
  });

  it.each([
    ['a marker', 'keyring.abc'],
    ['none', undefined],
  ])('createOAuthState with %s: the same call to the host, an answer of the same shape', async (_what, marker) => {
    const theirs = await observe(() => pair.theirs.createOAuthState(marker));
    const ours = await observe(() => pair.ours.createOAuthState(marker));
    expect(theirs.rpcs).toEqual([{name: 'createOAuthState', args: [marker ?? '']}]);
    expect(ours.rpcs).toEqual(theirs.rpcs);
    expect(ours.outcome).toEqual({ok: true, value: ['challenge', 'state']});
    expect(ours.outcome).toEqual(theirs.outcome);
  });
});

describe('a Dashboard that cannot say whether it has a key: through the Dashboard', () => {
  it('the same call to the host', async () => {
    seams.host.rpcs.supportsFetchAppEmbeddedKey = async () => {
      throw new Error('not supported');
    };
    const pair = await loadBoth();
    const [, url, init] = REQUESTS[0];
    const theirs = await observe(() => pair.theirs.stripeApiFetch(url, init));
    const ours = await observe(() => pair.ours.stripeApiFetch(url, init));
    expect(theirs.rpcs.map((c) => c.name)).toEqual(['stripeApiFetch']);
    expect(ours.rpcs).toEqual(theirs.rpcs);
    expect(ours.outcome).toEqual(theirs.outcome);
  });
});

describe('directly (an app embedded key)', () => {
  let pair: Pair;
  beforeAll(async () => {
    seams.host.rpcs.supportsFetchAppEmbeddedKey = async () => true;
    // The embedded key authenticates the view's own requests; the emulator knows this session's token.
    answers.fetchAppEmbeddedKey = async () => seams.sessionToken;
    pair = await loadBoth();
  });

  it.each([...REQUESTS, ['an answer that is not JSON', `${API}/v1/not-json`, {method: 'GET', headers}]] as const)(
    '%s: the same request to Stripe, the same answer',
    async (_what, url, init) => {
      const theirs = await observe(() => pair.theirs.stripeApiFetch(url, init));
      const ours = await observe(() => pair.ours.stripeApiFetch(url, init));
      expect(theirs.sent).toHaveLength(1);
      expect(ours.sent).toEqual(theirs.sent);
      expect(ours.rpcs.map((c) => c.name)).toEqual(['fetchAppEmbeddedKey']);
      expect(ours.outcome).toEqual(theirs.outcome);
      // Read as the SDK reads it: JSON from Stripe, the bytes of anything else.
      const answer = ours.outcome.ok ? (ours.outcome.value as ReturnType<typeof comparable>) : undefined;
      if (url.endsWith('/not-json')) expect(answer).toMatchObject({json: undefined, arrayBuffer: 'upstream down'});
      else expect(answer).toMatchObject({json: expect.any(Object), arrayBuffer: undefined});
    },
  );

  it('no key from the Dashboard: both refuse, and nothing is sent', async () => {
    answers.fetchAppEmbeddedKey = async () => '';
    try {
      const [, url, init] = REQUESTS[0];
      const theirs = await observe(() => pair.theirs.stripeApiFetch(url, init));
      const ours = await observe(() => pair.ours.stripeApiFetch(url, init));
      expect(theirs.outcome).toEqual({ok: false, error: new Error('Unable to fetch app embedded key')});
      expect(ours.outcome).toEqual(theirs.outcome);
      expect(ours.sent).toEqual([]);
    } finally {
      answers.fetchAppEmbeddedKey = async () => seams.sessionToken;
    }
  });
});

test('outside a Dashboard (no endpoint): both fail with the same message', async () => {
  const pair = await loadBoth();
  const installed = (globalThis as {__StripeExtExports?: unknown}).__StripeExtExports;
  delete (globalThis as {__StripeExtExports?: unknown}).__StripeExtExports;
  try {
    const [, url, init] = REQUESTS[0];
    const theirs = await pair.theirs.stripeApiFetch(url, init).catch((error: Error) => error.message);
    const ours = await pair.ours.stripeApiFetch(url, init).catch((error: Error) => error.message);
    expect(theirs).toBe('hostEndpoint has not been initialized');
    expect(ours).toBe(theirs);
    expect(() => pair.ours.createOAuthState()).toThrow('hostEndpoint has not been initialized');
    expect(() => pair.theirs.createOAuthState()).toThrow('hostEndpoint has not been initialized');
  } finally {
    (globalThis as {__StripeExtExports?: unknown}).__StripeExtExports = installed;
  }
});
