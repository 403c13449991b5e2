import type {SerializableRequestOptions, SerializableResponse} from '@stripe/ui-extension-sdk/utils/apiFetch';
import {
  secrets,
  STRIPE_API_VERSION,
  type CreateParams,
  type ListParams,
  type NameParams,
} from '../../src/secrets/client';
import {describeError, toSecretError} from '../../src/secrets/errors';
import {stripeClient} from '../../local/build/stripe-node';
import {createPlatformHost, installHost} from '../../local/platform/host';

/** stripe-node's `autoPagingToArray` cap, which the app's list keeps (src/secrets/client.ts). */
const MAX_LISTED = 10_000;

/**
 * The app's Secret Store client against stripe-node + the SDK's createHttpClient() — the documented way, and the app's
 * client before issue 11. Each case runs through both, on the real SDK path (stripeApiFetch → the platform RPC the
 * Dashboard answers), and compares what reaches that RPC — method, path and query, body, headers — and what each
 * makes of the same answers, errors included. The RPC is the one seam: the Dashboard host cannot exist here, so its
 * stripeApiFetch records each request and answers from a script.
 */

type Op = 'create' | 'find' | 'deleteWhere' | 'list';
type Params = Record<string, unknown>;
/** A scripted answer: a response, or a failure of the RPC itself (the request never answered). */
type Answer = SerializableResponse | {reject: string};

interface Call {
  path: string;
  init: SerializableRequestOptions & {headers: Record<string, string | number>};
}
type Outcome = {ok: true; value: unknown} | {ok: false; error: unknown};

/**
 * Headers that are stripe-node's own and carry nothing for the Secret Store: who the library is, its telemetry, the
 * key it adds to every POST so that its own retry of a closed connection cannot apply twice (the app's client never
 * retries), and the body's length (the Dashboard's fetch sets it from the body; browsers refuse it from scripts).
 * Every other header must be the same.
 */
const LIBRARY_HEADERS = [
  'User-Agent',
  'X-Stripe-Client-User-Agent',
  'X-Stripe-Client-Telemetry',
  'Idempotency-Key',
  'Content-Length',
];

let script: Answer[] = [];
let calls: Call[] = [];
let uninstall: () => void;

beforeAll(() => {
  const host = createPlatformHost({emulatorUrl: 'http://127.0.0.1:9', sessionToken: 'dsess_test_unused'});
  // Like the real boundary, both ways are structured-cloned.
  host.rpcs.stripeApiFetch = async (path, init) => {
    calls.push(structuredClone({path, init: init as Call['init']}));
    const answer = script.shift();
    if (!answer) throw new Error(`unscripted request: ${path}`);
    if ('reject' in answer) throw new Error(answer.reject);
    return structuredClone(answer);
  };
  uninstall = installHost(host);
});
afterAll(() => uninstall());

function viaStripeNode(op: Op, params: Params): Promise<unknown> {
  const resource = stripeClient().apps.secrets;
  if (op === 'list') return resource.list(params as never).autoPagingToArray({limit: MAX_LISTED});
  return resource[op](params as never);
}

function viaClient(op: Op, params: Params): Promise<unknown> {
  if (op === 'create') return secrets.create(params as unknown as CreateParams);
  if (op === 'list') return secrets.list(params as unknown as ListParams);
  return secrets[op](params as unknown as NameParams);
}

async function run(send: () => Promise<unknown>, answers: Answer[]): Promise<{calls: Call[]; outcome: Outcome}> {
  script = [...answers];
  calls = [];
  const outcome = await send().then(
    (value): Outcome => ({ok: true, value}),
    (error: unknown): Outcome => ({ok: false, error}),
  );
  expect(script).toEqual([]); // every scripted answer was asked for
  return {calls, outcome};
}

/** What the Secret Store sees of a call: everything but the library's own headers. */
function wire({path, init}: Call) {
  const headers = Object.fromEntries(Object.entries(init.headers).filter(([key]) => !LIBRARY_HEADERS.includes(key)));
  return {path, method: init.method, body: init.body, headers};
}

/** Runs one case both ways and asserts the same requests and the same result; returns both for further checks. */
async function same(op: Op, params: Params, answers: Answer[]) {
  const oracle = await run(() => viaStripeNode(op, params), answers);
  const ours = await run(() => viaClient(op, params), answers);
  expect(ours.calls.map(wire)).toEqual(oracle.calls.map(wire));
  for (const call of oracle.calls) {
    // Leaving Content-Length out is safe only because the body is the same: stripe-node's is its UTF-8 length.
    if (call.init.body !== undefined)
      expect(call.init.headers['Content-Length']).toBe(Buffer.byteLength(String(call.init.body)));
  }
  if (oracle.outcome.ok) {
    expect(ours.outcome).toEqual(oracle.outcome);
  } else {
    expect(ours.outcome.ok).toBe(false);
    const theirs = toSecretError(oracle.outcome.error);
    const mine = toSecretError(ours.outcome.ok ? undefined : ours.outcome.error);
    expect(describeError(mine)).toBe(describeError(theirs));
    // Stripe's own message must pass as sent; where Stripe sent none (no answer, no JSON, a malformed list) each client
    // words the failure itself, and only that differs.
    const stripeSpoke = answers.some((a) => !('reject' in a) && (a.json as {error?: unknown} | undefined)?.error);
    if (stripeSpoke) {
      expect(mine).toEqual(theirs);
    } else {
      expect({...mine, message: expect.any(String)}).toEqual({...theirs, message: expect.any(String)});
      expect(mine.message).not.toBe('');
    }
  }
  return {oracle, ours};
}

// ---- answers ------------------------------------------------------------------------------------------------------

let n = 0;
const requestId = () => `req_${(n += 1)}`;

function respond(status: number, json: object | undefined): SerializableResponse {
  return {
    json,
    headers: {'request-id': requestId(), 'content-type': 'application/json', 'stripe-version': STRIPE_API_VERSION},
    ok: status >= 200 && status < 300,
    redirected: false,
    status,
    statusText: String(status),
    type: 'basic',
    url: '',
  };
}

function secret(params: Params, extra: object = {}) {
  const expiresAt = typeof params.expires_at === 'number' ? params.expires_at : null;
  return {
    id: `appsecret_${n + 1}`,
    object: 'apps.secret',
    created: 1_780_000_000,
    livemode: false,
    name: params.name,
    expires_at: expiresAt,
    scope: params.scope,
    ...extra,
  };
}

function page(ids: string[], hasMore: boolean, extra: object = {}) {
  const data = ids.map((id) => ({
    id,
    object: 'apps.secret',
    created: 1_780_000_000,
    livemode: false,
    name: `n.${id}`,
    expires_at: null,
    scope: {type: 'account'},
    ...extra,
  }));
  return respond(200, {object: 'list', url: '/v1/apps/secrets', has_more: hasMore, data});
}

const stripeError = (status: number, error: object) =>
  respond(status, {error: {doc_url: 'https://docs.stripe.com/error-codes', ...error}});

// ---- cases --------------------------------------------------------------------------------------------------------

const ACCOUNT = {type: 'account'};
const ADA = {type: 'user', user: 'usr_ada'};
const FUTURE = 1_900_000_000;

describe('create, find and delete hand stripeApiFetch what stripe-node hands it, and read the answer alike', () => {
  const names: [string, string][] = [
    ['the app’s names', 'keyring.api_key'],
    ['unicode', 'clé/ключ/鍵 😀'],
    ['brackets', 'a[b]c][[]'],
    ['characters only Stripe escapes', "it's!(x)*"],
    ['reserved characters', 'a&b=c+d%20e?f#g/h;i,j:k@l$m'],
    ['spaces and controls', ' lead\ttab\nline trail '],
    ['unreserved characters', 'A-Z_a.z~0'],
  ];

  it.each(names)('create with a name of %s', async (_what, name) => {
    const params = {scope: ACCOUNT, name, payload: `value of ${name}`};
    await same('create', params, [respond(200, secret(params))]);
  });

  it.each(names)('find and delete with a name of %s', async (_what, name) => {
    const params = {scope: ADA, name};
    await same('find', params, [respond(200, secret(params))]);
    await same('deleteWhere', params, [respond(200, {id: 'appsecret_1', object: 'apps.secret', deleted: true})]);
  });

  const createCases: [string, Params][] = [
    [
      'the API key as the app saves it',
      {scope: ACCOUNT, name: 'keyring.api_key', payload: 'ec_test_abc', expires_at: undefined},
    ],
    [
      'the OAuth tokens with expires_at',
      {scope: ADA, name: 'keyring.oauth', payload: '{"access_token":"at","refresh_token":"rt"}', expires_at: FUTURE},
    ],
    ['expires_at absent', {scope: ACCOUNT, name: 'k', payload: 'p'}],
    ['expires_at null (Stripe’s "unset")', {scope: ACCOUNT, name: 'k', payload: 'p', expires_at: null}],
    ['expires_at an empty string', {scope: ACCOUNT, name: 'k', payload: 'p', expires_at: ''}],
    ['expires_at zero', {scope: ACCOUNT, name: 'k', payload: 'p', expires_at: 0}],
    ['an empty payload', {scope: ACCOUNT, name: 'k', payload: ''}],
    ['a payload of JSON, unicode and form syntax', {scope: ADA, name: 'k', payload: '{"ü":"😀 & = + % [0] \\n"}'}],
    ['a payload of 5000 characters', {scope: ACCOUNT, name: 'k', payload: 'é'.repeat(5000)}],
    ['expand[] for the payload', {scope: ACCOUNT, name: 'k', payload: 'p', expand: ['payload']}],
    ['an empty expand', {scope: ACCOUNT, name: 'k', payload: 'p', expand: []}],
    [
      'a user scope with a user id of odd characters',
      {scope: {type: 'user', user: 'usr_[x] ü&y'}, name: 'k', payload: 'p'},
    ],
    [
      'parameters in another order',
      {payload: 'p', expires_at: FUTURE, name: 'k', scope: {user: 'usr_ada', type: 'user'}},
    ],
    ['nothing at all', {}],
  ];

  it.each(createCases)('create: %s', async (_what, params) => {
    await same('create', params, [respond(200, secret(params, params.expand ? {payload: params.payload} : {}))]);
  });

  const findCases: [string, Params][] = [
    ['status, as the views ask (no expand)', {scope: ADA, name: 'keyring.oauth'}],
    ['the payload, where it is used', {scope: ADA, name: 'keyring.oauth', expand: ['payload']}],
    ['expand absent but present as a key', {scope: ACCOUNT, name: 'keyring.api_key', expand: undefined}],
    ['two expansions', {scope: ACCOUNT, name: 'k', expand: ['payload', 'scope']}],
    ['an empty name', {scope: ACCOUNT, name: ''}],
    ['only absent values (no query string at all)', {scope: undefined, name: undefined}],
  ];

  it.each(findCases)('find: %s', async (_what, params) => {
    await same('find', params, [respond(200, secret(params, params.expand ? {payload: 'the value'} : {}))]);
  });

  it.each(findCases)('delete: %s', async (_what, params) => {
    await same('deleteWhere', params, [respond(200, {id: 'appsecret_9', object: 'apps.secret', deleted: true})]);
  });

  it('a string that cannot be encoded (a lone surrogate) fails the same way, before any request', async () => {
    const {oracle} = await same('create', {scope: ACCOUNT, name: 'k', payload: 'broken \ud800'}, []);
    expect(oracle.calls).toEqual([]);
    expect(oracle.outcome.ok).toBe(false);
  });

  it('reads as Stripe’s wire format, with the app’s Stripe-Version and the SDK’s placeholder key', async () => {
    const params = {scope: ADA, name: 'keyring.oauth', payload: 'a b&c', expires_at: FUTURE};
    const {ours} = await same('create', params, [respond(200, secret(params))]);
    expect(ours.calls.map(wire)).toEqual([
      {
        path: '/v1/apps/secrets',
        method: 'POST',
        body: `scope[type]=user&scope[user]=usr_ada&name=keyring.oauth&payload=a%20b%26c&expires_at=${FUTURE}`,
        headers: {
          Accept: 'application/json',
          'Content-Type': 'application/x-www-form-urlencoded',
          'Stripe-Version': STRIPE_API_VERSION,
          Authorization: 'Bearer DO_NOT_PASS_A_REAL_API_KEY',
        },
      },
    ]);
  });

  it('stripe-node’s Idempotency-Key is new on every POST, so it carries nothing a request could be compared by', async () => {
    const params = {scope: ACCOUNT, name: 'k', payload: 'p'};
    const first = await run(() => viaStripeNode('create', params), [respond(200, secret(params))]);
    const second = await run(() => viaStripeNode('create', params), [respond(200, secret(params))]);
    const keys = [...first.calls, ...second.calls].map((call) => call.init.headers['Idempotency-Key']);
    expect(keys[0]).not.toBe(keys[1]);
  });
});

describe('list follows the pages as stripe-node’s auto-pagination does', () => {
  it('one page, as the views list a scope (limit 100, no payload)', async () => {
    await same('list', {scope: ACCOUNT, limit: 100}, [page(['appsecret_b', 'appsecret_a'], false)]);
  });

  it('an empty scope', async () => {
    await same('list', {scope: ADA, limit: 100}, [page([], false)]);
  });

  it('three pages, each asked for with starting_after = the last id, limit and scope kept', async () => {
    const {ours} = await same('list', {scope: ADA, limit: 2}, [
      page(['appsecret_6', 'appsecret_5'], true),
      page(['appsecret_4', 'appsecret_3'], true),
      page(['appsecret_2'], false),
    ]);
    expect(ours.calls.map((c) => c.path)).toEqual([
      '/v1/apps/secrets?scope[type]=user&scope[user]=usr_ada&limit=2',
      '/v1/apps/secrets?scope[type]=user&scope[user]=usr_ada&limit=2&starting_after=appsecret_5',
      '/v1/apps/secrets?scope[type]=user&scope[user]=usr_ada&limit=2&starting_after=appsecret_3',
    ]);
    expect((ours.outcome as {value: unknown[]}).value).toHaveLength(5);
  });

  it('cursors of unicode, brackets and form syntax are encoded like any value', async () => {
    await same('list', {scope: ACCOUNT, limit: 1}, [
      page(['appsecret_ü[0]'], true),
      page(['appsecret_a&b=c+d'], true),
      page(['x'], false),
    ]);
  });

  it('a caller’s starting_after keeps its place in the query on later pages', async () => {
    await same('list', {scope: ACCOUNT, starting_after: 'appsecret_start', limit: 1}, [
      page(['appsecret_z'], true),
      page(['appsecret_y'], false),
    ]);
  });

  it('data.payload expanded, and no limit (Stripe’s default)', async () => {
    await same('list', {scope: ACCOUNT, expand: ['data.payload']}, [page(['appsecret_1'], false, {payload: 'v'})]);
  });

  it('has_more with no data is an error, not an endless loop', async () => {
    const {ours} = await same('list', {scope: ACCOUNT, limit: 100}, [page([], true)]);
    expect(ours.outcome.ok).toBe(false);
  });

  it(`stops at ${MAX_LISTED} secrets, mid-page, asking for no further page`, async () => {
    const ids = (from: number) => Array.from({length: 100}, (_, i) => `appsecret_${from + i}`);
    const pages = Array.from({length: MAX_LISTED / 100}, (_, p) => page(ids(p * 100), true));
    const {ours} = await same('list', {scope: ACCOUNT, limit: 100}, pages);
    expect(ours.calls).toHaveLength(MAX_LISTED / 100);
    expect((ours.outcome as {value: unknown[]}).value).toHaveLength(MAX_LISTED);
  });
});

describe('every failure is the same failure after the one error mapping', () => {
  const failures: [string, Answer][] = [
    [
      '400 invalid_request_error with param and code',
      stripeError(400, {
        type: 'invalid_request_error',
        code: 'parameter_invalid_empty',
        param: 'name',
        message: "You passed an empty string for 'name'.",
      }),
    ],
    [
      '400 that echoes the payload',
      stripeError(400, {
        type: 'invalid_request_error',
        param: 'payload',
        message: 'Invalid string: sk_live_leaked...; must be at most 5000 characters',
      }),
    ],
    [
      '400 for an 11th secret',
      stripeError(400, {
        type: 'invalid_request_error',
        code: 'secret_limit_exceeded',
        message: 'A scope holds at most 10 secrets.',
      }),
    ],
    [
      '400 idempotency_error',
      stripeError(400, {
        type: 'idempotency_error',
        message: 'Keys for idempotent requests can only be used with the same parameters.',
      }),
    ],
    [
      '400 with code rate_limit',
      stripeError(400, {type: 'invalid_request_error', code: 'rate_limit', message: 'Too many requests.'}),
    ],
    [
      '401 authentication_error',
      stripeError(401, {type: 'authentication_error', message: 'Invalid API Key provided.'}),
    ],
    ['402 card_error', stripeError(402, {type: 'card_error', message: 'Payment required.'})],
    [
      '403 permission_error for another user',
      stripeError(403, {
        type: 'permission_error',
        param: 'scope[user]',
        message: 'A Dashboard session may only reach its own user scope.',
      }),
    ],
    [
      '404 resource_missing',
      stripeError(404, {
        type: 'invalid_request_error',
        code: 'resource_missing',
        param: 'name',
        message: "No such secret: 'k'",
      }),
    ],
    ['409 conflict', stripeError(409, {type: 'invalid_request_error', message: 'Conflict.'})],
    ['429 rate_limit_error', stripeError(429, {type: 'rate_limit_error', message: 'Too many requests.'})],
    ['500 api_error', stripeError(500, {type: 'api_error', message: 'Something went wrong.'})],
    ['503 without a message', stripeError(503, {type: 'api_error'})],
    ['200 carrying an error envelope', stripeError(200, {type: 'invalid_request_error', message: 'odd but possible'})],
    ['502 from a proxy, not JSON', respond(502, undefined)],
    ['200 without a body', respond(200, undefined)],
    ['no answer: the Dashboard’s fetch failed', {reject: 'Failed to fetch'}],
  ];
  const operations: [Op, Params][] = [
    ['create', {scope: ACCOUNT, name: 'keyring.api_key', payload: 'ec_test_abc', expires_at: FUTURE}],
    ['find', {scope: ADA, name: 'keyring.oauth', expand: ['payload']}],
    ['deleteWhere', {scope: ADA, name: 'keyring.oauth'}],
    ['list', {scope: ACCOUNT, limit: 100}],
  ];
  const cases = operations.flatMap(([op, params]) =>
    failures.map(([what, answer]) => [op, what, params, answer] as const),
  );

  it.each(cases)('%s: %s', async (op, _what, params, answer) => {
    const {oracle} = await same(op, params, [answer]);
    expect(oracle.outcome.ok).toBe(false);
  });

  it.each(failures)('list: %s on the second page, after one page arrived', async (_what, answer) => {
    const {oracle} = await same('list', {scope: ADA, limit: 1}, [page(['appsecret_1'], true), answer]);
    expect(oracle.calls).toHaveLength(2);
    expect(oracle.outcome.ok).toBe(false);
  });

  it('the mapping keeps what people need from Stripe’s error: kind, param, code and request id', async () => {
    const {ours} = await same('create', operations[0][1], [failures[0][1]]);
    expect(toSecretError(ours.outcome.ok ? undefined : ours.outcome.error)).toEqual({
      kind: 'invalid',
      param: 'name',
      code: 'parameter_invalid_empty',
      message: "You passed an empty string for 'name'.",
    });
  });
});
