import type Stripe from 'stripe';
import type {RunningEmulator} from '../../emulator';
import {
  ACCOUNT_SCOPE,
  LIVE_KEY,
  T0,
  TestClock,
  contents,
  form,
  send,
  stripeError,
  stripeFor,
  emulatorPerTest,
  userScope,
  wireError,
  type RawRequest,
} from '../../testing/emulator';

/**
 * Every refusal the emulator makes, with its exact status, type and message, and proof that nothing changed.
 * Expected messages are written out here on purpose: they are the contract, not whatever the code happens to say.
 */
const clock = new TestClock();
const emulator = emulatorPerTest({now: clock.now});
beforeEach(() => {
  clock.ms = Date.UTC(2030, 0, 1);
});

const API_KEY_HELP =
  'A valid key looks like sk_test_…, sk_live_…, rk_test_… or rk_live_… followed by letters and digits, or a Dashboard session token dsess_test_… from POST /local/dashboard_sessions.';
const TOO_FAR = Date.UTC(2130, 0, 1) / 1000; // 100 calendar years after T0
const LONG = 'x'.repeat(5001);

describe('the spec’s error table, as stripe-node reports it', () => {
  it('find of a name not in the scope: 404 resource_missing on name', async () => {
    const err = await stripeError(stripeFor(emulator()).apps.secrets.find({name: 'nope', scope: ACCOUNT_SCOPE}));
    expect(err).toMatchObject({
      type: 'StripeInvalidRequestError',
      rawType: 'invalid_request_error',
      statusCode: 404,
      code: 'resource_missing',
      param: 'name',
      message: "No such secret: 'nope'",
    });
    expect(err.requestId).toMatch(/^req_[A-Za-z0-9]{14}$/);
  });

  it('delete of a name not in the scope: the same 404', async () => {
    const err = await stripeError(
      stripeFor(emulator()).apps.secrets.deleteWhere({name: 'gone', scope: userScope('usr_1')}),
    );
    expect(err).toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
      param: 'name',
      message: "No such secret: 'gone'",
    });
  });

  it('missing required param: 400 parameter_missing', async () => {
    const stripe = stripeFor(emulator());
    const err = await stripeError(stripe.apps.secrets.create({name: 'n', payload: 'p', scope: {type: 'user'}}));
    expect(err).toMatchObject({
      type: 'StripeInvalidRequestError',
      statusCode: 400,
      code: 'parameter_missing',
      param: 'scope[user]',
      message: 'Missing required param: scope[user].',
    });
  });

  it('unknown param: 400 parameter_unknown', async () => {
    const res = await send(emulator(), {path: '/v1/apps/secrets?scope[type]=account&color=blue'});
    expect([res.status, wireError(res)]).toEqual([
      400,
      {
        code: 'parameter_unknown',
        doc_url: 'https://stripe.com/docs/error-codes/parameter-unknown',
        message: 'Received unknown parameter: color',
        param: 'color',
        type: 'invalid_request_error',
      },
    ]);
  });

  it('bad enum in scope[type]: 400 naming the allowed values', async () => {
    const err = await stripeError(stripeFor(emulator()).apps.secrets.list({scope: {type: 'team'}}));
    expect(err).toMatchObject({
      statusCode: 400,
      param: 'scope[type]',
      message: 'Invalid scope[type]: must be one of account or user',
    });
    expect(err.code).toBeUndefined();
  });

  it('string too long: 400 showing the first 20 characters', async () => {
    const err = await stripeError(
      stripeFor(emulator()).apps.secrets.create({
        name: `abcdefghijklmnopqrstuvwxyz${LONG}`,
        payload: 'p',
        scope: ACCOUNT_SCOPE,
      }),
    );
    expect(err).toMatchObject({
      statusCode: 400,
      param: 'name',
      message: 'Invalid string: abcdefghijklmnopqrst...; must be at most 5000 characters',
    });
  });

  it('expires_at in the past: 400 on expires_at', async () => {
    const err = await stripeError(
      stripeFor(emulator()).apps.secrets.create({name: 'n', payload: 'p', scope: ACCOUNT_SCOPE, expires_at: T0 - 60}),
    );
    expect(err).toMatchObject({
      statusCode: 400,
      param: 'expires_at',
      message: `Invalid expires_at: ${T0 - 60} is not in the future (it is now ${T0}); the expiry can't be in the past.`,
    });
  });

  it('expires_at more than 100 years ahead: 400 on expires_at', async () => {
    const err = await stripeError(
      stripeFor(emulator()).apps.secrets.create({
        name: 'n',
        payload: 'p',
        scope: ACCOUNT_SCOPE,
        expires_at: TOO_FAR + 1,
      }),
    );
    expect(err).toMatchObject({
      statusCode: 400,
      param: 'expires_at',
      message: `Invalid expires_at: ${TOO_FAR + 1} is more than 100 years in the future (the latest allowed now is ${TOO_FAR}).`,
    });
  });

  it('an 11th secret in a scope: 400 secret_limit_exceeded naming the limit', async () => {
    const stripe = stripeFor(emulator());
    for (let i = 0; i < 10; i += 1)
      await stripe.apps.secrets.create({name: `s${i}`, payload: 'p', scope: ACCOUNT_SCOPE});
    const err = await stripeError(stripe.apps.secrets.create({name: 's10', payload: 'p', scope: ACCOUNT_SCOPE}));
    expect(err).toMatchObject({
      type: 'StripeInvalidRequestError',
      statusCode: 400,
      code: 'secret_limit_exceeded',
      message:
        'This scope (account scope) already holds the maximum of 10 secrets. Delete one before creating another; replacing an existing name is always allowed.',
    });
  });

  it('a Dashboard session naming another user: 403 permission_error', async () => {
    const token = await emulator().createDashboardSession({account: 'acct_1', user: 'usr_ada'});
    const err = await stripeError(
      stripeFor(emulator(), token).apps.secrets.find({name: 'n', scope: userScope('usr_bob')}),
    );
    expect(err).toMatchObject({
      type: 'StripePermissionError',
      rawType: 'permission_error',
      statusCode: 403,
      param: 'scope[user]',
      message:
        "A Dashboard session reaches only the account scope and its own user's scope (scope[user]=usr_ada); it cannot reach the secrets of user 'usr_bob'.",
    });
  });

  it('rate limited (an injected fault): 429 rate_limit_error', async () => {
    emulator().injectFault({status: 429});
    const err = await stripeError(stripeFor(emulator()).apps.secrets.list({scope: ACCOUNT_SCOPE}));
    expect(err).toMatchObject({
      type: 'StripeRateLimitError',
      rawType: 'rate_limit_error',
      statusCode: 429,
      code: 'rate_limit',
    });
  });
});

/** Sessions the table's rows use; created fresh for each row. */
interface Fixtures {
  ada: string;
  noWrite: string;
  emulator: RunningEmulator;
}

interface BadInput {
  request: (f: Fixtures) => RawRequest;
  /** Extra state the row needs before the request (it is part of the "before" picture). */
  setup?: (stripe: Stripe) => Promise<void>;
  status: number;
  type: string;
  code?: string;
  param?: string;
  message: string;
}

const create =
  (pairs: Record<string, string | number>, extra: Partial<RawRequest> = {}) =>
  (): RawRequest => ({
    method: 'POST',
    path: '/v1/apps/secrets',
    body: form(pairs),
    ...extra,
  });
const account = {'scope[type]': 'account'};
const base = {name: 'fresh', payload: 'value', ...account};
const fillAccountScope = async (stripe: Stripe) => {
  for (let i = 1; i < 10; i += 1)
    await stripe.apps.secrets.create({name: `filler${i}`, payload: 'p', scope: ACCOUNT_SCOPE});
};
const fillUserScope = async (stripe: Stripe) => {
  for (let i = 1; i < 10; i += 1)
    await stripe.apps.secrets.create({name: `filler${i}`, payload: 'p', scope: userScope('usr_ada')});
};
const emptyMessage = (p: string) =>
  `You passed an empty string for '${p}'. We assume empty values are an attempt to unset a parameter; however '${p}' cannot be unset. You should remove '${p}' from your request or supply a non-empty value.`;

const BAD_INPUTS: Record<string, BadInput> = {
  'empty name': {
    request: create({...base, name: ''}),
    status: 400,
    type: 'invalid_request_error',
    code: 'parameter_invalid_empty',
    param: 'name',
    message: emptyMessage('name'),
  },
  'missing name': {
    request: create({payload: 'v', ...account}),
    status: 400,
    type: 'invalid_request_error',
    code: 'parameter_missing',
    param: 'name',
    message: 'Missing required param: name.',
  },
  'name over 5000 characters': {
    request: create({...base, name: `0123456789abcdefghijk${LONG}`}),
    status: 400,
    type: 'invalid_request_error',
    param: 'name',
    message: 'Invalid string: 0123456789abcdefghij...; must be at most 5000 characters',
  },
  'empty payload': {
    request: create({...base, payload: ''}),
    status: 400,
    type: 'invalid_request_error',
    code: 'parameter_invalid_empty',
    param: 'payload',
    message: emptyMessage('payload'),
  },
  'missing payload': {
    request: create({name: 'n', ...account}),
    status: 400,
    type: 'invalid_request_error',
    code: 'parameter_missing',
    param: 'payload',
    message: 'Missing required param: payload.',
  },
  'payload over 5000 characters (its start is not shown)': {
    request: create({...base, payload: `sk_supersecret${LONG}`}),
    status: 400,
    type: 'invalid_request_error',
    param: 'payload',
    message: 'Invalid string: [payload not shown]...; must be at most 5000 characters',
  },
  'missing scope': {
    request: create({name: 'n', payload: 'v'}),
    status: 400,
    type: 'invalid_request_error',
    code: 'parameter_missing',
    param: 'scope',
    message: 'Missing required param: scope.',
  },
  'scope as a plain string': {
    request: create({name: 'n', payload: 'v', scope: 'account'}),
    status: 400,
    type: 'invalid_request_error',
    param: 'scope',
    message: 'Invalid hash: scope must be sent with brackets, like scope[type]=account.',
  },
  'bad scope[type]': {
    request: create({...base, 'scope[type]': 'team'}),
    status: 400,
    type: 'invalid_request_error',
    param: 'scope[type]',
    message: 'Invalid scope[type]: must be one of account or user',
  },
  'scope[user] without scope[type]': {
    request: create({name: 'n', payload: 'v', 'scope[user]': 'usr_ada'}),
    status: 400,
    type: 'invalid_request_error',
    code: 'parameter_missing',
    param: 'scope[type]',
    message: 'Missing required param: scope[type].',
  },
  'user scope without scope[user]': {
    request: create({name: 'n', payload: 'v', 'scope[type]': 'user'}),
    status: 400,
    type: 'invalid_request_error',
    code: 'parameter_missing',
    param: 'scope[user]',
    message: 'Missing required param: scope[user].',
  },
  'user scope with an empty scope[user]': {
    request: create({name: 'n', payload: 'v', 'scope[type]': 'user', 'scope[user]': ''}),
    status: 400,
    type: 'invalid_request_error',
    code: 'parameter_invalid_empty',
    param: 'scope[user]',
    message: emptyMessage('scope[user]'),
  },
  'scope[user] over 5000 characters': {
    request: create({name: 'n', payload: 'v', 'scope[type]': 'user', 'scope[user]': `usr_${LONG}`}),
    status: 400,
    type: 'invalid_request_error',
    param: 'scope[user]',
    message: 'Invalid string: usr_xxxxxxxxxxxxxxxx...; must be at most 5000 characters',
  },
  'scope[user] with an account scope': {
    request: create({...base, 'scope[user]': 'usr_ada'}),
    status: 400,
    type: 'invalid_request_error',
    code: 'parameter_unknown',
    param: 'scope[user]',
    message: 'Received unknown parameter: scope[user] (scope[user] may be sent only when scope[type] is user)',
  },
  'name sent as an array': {
    request: create({'name[]': 'n', payload: 'v', ...account}),
    status: 400,
    type: 'invalid_request_error',
    param: 'name',
    message: 'Invalid string: name must be a single value, not a hash or an array.',
  },
  'payload sent as a hash': {
    request: create({name: 'n', 'payload[a]': 'v', ...account}),
    status: 400,
    type: 'invalid_request_error',
    param: 'payload',
    message: 'Invalid string: payload must be a single value, not a hash or an array.',
  },
  'expires_at not a number': {
    request: create({...base, expires_at: 'tomorrow'}),
    status: 400,
    type: 'invalid_request_error',
    code: 'parameter_invalid_integer',
    param: 'expires_at',
    message: 'Invalid integer: tomorrow',
  },
  'expires_at not an integer': {
    request: create({...base, expires_at: `${T0 + 60}.5`}),
    status: 400,
    type: 'invalid_request_error',
    code: 'parameter_invalid_integer',
    param: 'expires_at',
    message: `Invalid integer: ${T0 + 60}.5`,
  },
  'expires_at in the past': {
    request: create({...base, expires_at: T0 - 1}),
    status: 400,
    type: 'invalid_request_error',
    param: 'expires_at',
    message: `Invalid expires_at: ${T0 - 1} is not in the future (it is now ${T0}); the expiry can't be in the past.`,
  },
  'expires_at exactly now': {
    request: create({...base, expires_at: T0}),
    status: 400,
    type: 'invalid_request_error',
    param: 'expires_at',
    message: `Invalid expires_at: ${T0} is not in the future (it is now ${T0}); the expiry can't be in the past.`,
  },
  'expires_at negative': {
    request: create({...base, expires_at: -5}),
    status: 400,
    type: 'invalid_request_error',
    param: 'expires_at',
    message: `Invalid expires_at: -5 is not in the future (it is now ${T0}); the expiry can't be in the past.`,
  },
  'expires_at a second past 100 years': {
    request: create({...base, expires_at: TOO_FAR + 1}),
    status: 400,
    type: 'invalid_request_error',
    param: 'expires_at',
    message: `Invalid expires_at: ${TOO_FAR + 1} is more than 100 years in the future (the latest allowed now is ${TOO_FAR}).`,
  },
  'expand that is not a list': {
    request: create({...base, expand: 'payload'}),
    status: 400,
    type: 'invalid_request_error',
    param: 'expand',
    message: 'Invalid array: expand must be sent as a list, like expand[]=value.',
  },
  'expand of a list path on create': {
    request: create({...base, 'expand[]': 'data.payload'}),
    status: 400,
    type: 'invalid_request_error',
    param: 'expand',
    message: 'This property cannot be expanded (data.payload).',
  },
  'an unknown top-level param': {
    request: create({...base, 'metadata[team]': 'core'}),
    status: 400,
    type: 'invalid_request_error',
    code: 'parameter_unknown',
    param: 'metadata',
    message: 'Received unknown parameter: metadata',
  },
  'two unknown params': {
    request: create({...base, color: 'blue', size: 'xl'}),
    status: 400,
    type: 'invalid_request_error',
    code: 'parameter_unknown',
    param: 'color',
    message: 'Received unknown parameters: color, size',
  },
  'an unknown key inside scope': {
    request: create({...base, 'scope[team]': 'core'}),
    status: 400,
    type: 'invalid_request_error',
    code: 'parameter_unknown',
    param: 'scope[team]',
    message: 'Received unknown parameter: scope[team]',
  },
  'an 11th secret in the account scope': {
    setup: fillAccountScope,
    request: create(base),
    status: 400,
    type: 'invalid_request_error',
    code: 'secret_limit_exceeded',
    message:
      'This scope (account scope) already holds the maximum of 10 secrets. Delete one before creating another; replacing an existing name is always allowed.',
  },
  'an 11th secret in a user scope': {
    setup: fillUserScope,
    request: create({name: 'fresh', payload: 'v', 'scope[type]': 'user', 'scope[user]': 'usr_ada'}),
    status: 400,
    type: 'invalid_request_error',
    code: 'secret_limit_exceeded',
    message:
      'This scope (user scope of usr_ada) already holds the maximum of 10 secrets. Delete one before creating another; replacing an existing name is always allowed.',
  },
  'find without a name': {
    request: () => ({path: '/v1/apps/secrets/find?scope[type]=account'}),
    status: 400,
    type: 'invalid_request_error',
    code: 'parameter_missing',
    param: 'name',
    message: 'Missing required param: name.',
  },
  'find of a name not stored': {
    request: () => ({path: '/v1/apps/secrets/find?name=absent&scope[type]=account'}),
    status: 404,
    type: 'invalid_request_error',
    code: 'resource_missing',
    param: 'name',
    message: "No such secret: 'absent'",
  },
  'delete of a name not stored': {
    request: () => ({method: 'POST', path: '/v1/apps/secrets/delete', body: form({name: 'absent', ...account})}),
    status: 404,
    type: 'invalid_request_error',
    code: 'resource_missing',
    param: 'name',
    message: "No such secret: 'absent'",
  },
  'delete without a scope': {
    request: () => ({method: 'POST', path: '/v1/apps/secrets/delete', body: form({name: 'existing'})}),
    status: 400,
    type: 'invalid_request_error',
    code: 'parameter_missing',
    param: 'scope',
    message: 'Missing required param: scope.',
  },
  'list limit 0': {
    request: () => ({path: '/v1/apps/secrets?scope[type]=account&limit=0'}),
    status: 400,
    type: 'invalid_request_error',
    param: 'limit',
    message: 'Invalid limit: must be between 1 and 100',
  },
  'list limit 101': {
    request: () => ({path: '/v1/apps/secrets?scope[type]=account&limit=101'}),
    status: 400,
    type: 'invalid_request_error',
    param: 'limit',
    message: 'Invalid limit: must be between 1 and 100',
  },
  'list limit not a number': {
    request: () => ({path: '/v1/apps/secrets?scope[type]=account&limit=ten'}),
    status: 400,
    type: 'invalid_request_error',
    code: 'parameter_invalid_integer',
    param: 'limit',
    message: 'Invalid integer: ten',
  },
  'list with both cursors': {
    request: () => ({
      path: '/v1/apps/secrets?scope[type]=account&starting_after=appsecret_a&ending_before=appsecret_b',
    }),
    status: 400,
    type: 'invalid_request_error',
    message: 'Received both starting_after and ending_before parameters. Please pass in only one.',
  },
  'list expanding payload instead of data.payload': {
    request: () => ({path: '/v1/apps/secrets?scope[type]=account&expand[]=payload'}),
    status: 400,
    type: 'invalid_request_error',
    param: 'expand',
    message: 'This property cannot be expanded (payload).',
  },
  'a Dashboard session writing another user’s scope': {
    request: (f) => ({
      ...create({name: 'n', payload: 'v', 'scope[type]': 'user', 'scope[user]': 'usr_bob'})(),
      key: f.ada,
    }),
    status: 403,
    type: 'permission_error',
    param: 'scope[user]',
    message:
      "A Dashboard session reaches only the account scope and its own user's scope (scope[user]=usr_ada); it cannot reach the secrets of user 'usr_bob'.",
  },
  'a Dashboard session listing another user’s scope': {
    request: (f) => ({path: '/v1/apps/secrets?scope[type]=user&scope[user]=usr_bob', key: f.ada}),
    status: 403,
    type: 'permission_error',
    param: 'scope[user]',
    message:
      "A Dashboard session reaches only the account scope and its own user's scope (scope[user]=usr_ada); it cannot reach the secrets of user 'usr_bob'.",
  },
  'a Dashboard session naming another account': {
    request: (f) => ({
      path: '/v1/apps/secrets?scope[type]=account',
      key: f.ada,
      headers: {'Stripe-Account': 'acct_other'},
    }),
    status: 403,
    type: 'permission_error',
    message: "This Dashboard session belongs to account 'acct_local_default'; it cannot act on account 'acct_other'.",
  },
  'a Dashboard session without secret_write': {
    request: (f) => ({...create(base)(), key: f.noWrite}),
    status: 400,
    type: 'invalid_request_error',
    message:
      "This application does not have the required permissions for this endpoint on account 'acct_local_default'. Having the 'secret_write' permission would allow this request to continue.",
  },
  'a Dashboard session creating sessions': {
    request: (f) => ({
      method: 'POST',
      path: '/local/dashboard_sessions',
      body: form({account: 'acct_x', user: 'usr_x'}),
      key: f.ada,
    }),
    status: 403,
    type: 'permission_error',
    message: '/local/dashboard_sessions needs a secret key (sk_… or rk_…); a Dashboard session cannot call it.',
  },
  'no Authorization header': {
    request: () => ({path: '/v1/apps/secrets?scope[type]=account', key: null}),
    status: 401,
    type: 'invalid_request_error',
    message: `You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). ${API_KEY_HELP}`,
  },
  'a publishable key': {
    request: () => ({path: '/v1/apps/secrets?scope[type]=account', key: 'pk_test_abcdefghijklmnop'}),
    status: 401,
    type: 'invalid_request_error',
    message: `Invalid API Key provided: pk_test_************mnop. ${API_KEY_HELP}`,
  },
  'a key with nothing after the prefix': {
    request: () => ({path: '/v1/apps/secrets?scope[type]=account', key: 'sk_test_'}),
    status: 401,
    type: 'invalid_request_error',
    message: `Invalid API Key provided: sk_test_****. ${API_KEY_HELP}`,
  },
  'a key with a character that is not a letter or digit': {
    request: () => ({path: '/v1/apps/secrets?scope[type]=account', key: 'sk_test_abc-def'}),
    status: 401,
    type: 'invalid_request_error',
    message: `Invalid API Key provided: sk_test_*******. ${API_KEY_HELP}`,
  },
  'a Dashboard session token that was never issued': {
    request: () => ({path: '/v1/apps/secrets?scope[type]=account', key: 'dsess_test_abcdefghijklmnopqrstuvwx'}),
    status: 401,
    type: 'invalid_request_error',
    message:
      "Invalid API Key provided: dsess_test_********************uvwx. No such Dashboard session: sessions live in the emulator's memory only and end when it stops; create one with POST /local/dashboard_sessions.",
  },
  'a malformed Stripe-Account header': {
    request: () => ({path: '/v1/apps/secrets?scope[type]=account', headers: {'Stripe-Account': 'account_42'}}),
    status: 400,
    type: 'invalid_request_error',
    message: "Invalid Stripe-Account header: 'account_42'. It must be an account id like acct_1A2b3C.",
  },
  'a live key asking for a test-mode secret': {
    request: () => ({path: '/v1/apps/secrets/find?name=existing&scope[type]=account', key: LIVE_KEY}),
    status: 404,
    type: 'invalid_request_error',
    code: 'resource_missing',
    param: 'name',
    message: "No such secret: 'existing'",
  },
  'another account asking for this account’s secret': {
    request: () => ({
      path: '/v1/apps/secrets/find?name=existing&scope[type]=account',
      headers: {'Stripe-Account': 'acct_other'},
    }),
    status: 404,
    type: 'invalid_request_error',
    code: 'resource_missing',
    param: 'name',
    message: "No such secret: 'existing'",
  },
  'an unknown URL': {
    request: () => ({path: '/v1/apps/secret'}),
    status: 404,
    type: 'invalid_request_error',
    message:
      'Unrecognized request URL (GET: /v1/apps/secret). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.',
  },
  'a known URL with the wrong method': {
    request: () => ({method: 'DELETE', path: '/v1/apps/secrets?scope[type]=account'}),
    status: 404,
    type: 'invalid_request_error',
    message:
      'Unrecognized request URL (DELETE: /v1/apps/secrets). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.',
  },
  'a JSON body': {
    request: () => ({
      method: 'POST',
      path: '/v1/apps/secrets',
      body: JSON.stringify(base),
      headers: {'Content-Type': 'application/json'},
    }),
    status: 400,
    type: 'invalid_request_error',
    message:
      "Request bodies must be application/x-www-form-urlencoded (name=value&scope[type]=account), as Stripe's API expects; JSON is not accepted.",
  },
  'broken percent-encoding': {
    request: () => ({method: 'POST', path: '/v1/apps/secrets', body: 'name=%E0%A4%A&payload=v&scope[type]=account'}),
    status: 400,
    type: 'invalid_request_error',
    message: 'Invalid request: the parameters are not valid percent-encoding.',
  },
  'a Host header that is not loopback': {
    request: () => ({path: '/v1/apps/secrets?scope[type]=account', headers: {Host: 'rebind.example:4243'}}),
    status: 400,
    type: 'invalid_request_error',
    message:
      "The emulator answers only requests addressed to 127.0.0.1 or localhost, not 'rebind.example:4243' (a guard against DNS rebinding from web pages).",
  },
  'a key sent both as a value and as a hash': {
    request: create({...base, 'scope[type]': 'account', scope: 'x'}),
    status: 400,
    type: 'invalid_request_error',
    param: 'scope',
    message: 'Invalid request: scope is sent both as a single value and as a hash or an array.',
  },
};

describe('bad input is refused exactly, and leaves the store as it was', () => {
  const everything = async (f: Fixtures) => {
    const test = stripeFor(f.emulator);
    const scopes = [ACCOUNT_SCOPE, userScope('usr_ada'), userScope('usr_bob')];
    return {
      test: await contents(test, scopes),
      live: await contents(stripeFor(f.emulator, LIVE_KEY), scopes),
      other: await contents(test, scopes, 'acct_other'),
    };
  };

  it('covers at least 30 cases', () => {
    expect(Object.keys(BAD_INPUTS).length).toBeGreaterThanOrEqual(30);
  });

  it.each(Object.entries(BAD_INPUTS))('%s', async (_name, row) => {
    const stripe = stripeFor(emulator());
    await stripe.apps.secrets.create({name: 'existing', payload: 'account value', scope: ACCOUNT_SCOPE});
    await stripe.apps.secrets.create({name: 'existing', payload: 'ada value', scope: userScope('usr_ada')});
    await stripe.apps.secrets.create({name: 'existing', payload: 'bob value', scope: userScope('usr_bob')});
    await stripeFor(emulator(), LIVE_KEY).apps.secrets.create({
      name: 'live',
      payload: 'live value',
      scope: ACCOUNT_SCOPE,
    });
    await row.setup?.(stripe);
    const fixtures: Fixtures = {
      emulator: emulator(),
      ada: await emulator().createDashboardSession({account: 'acct_local_default', user: 'usr_ada'}),
      noWrite: await emulator().createDashboardSession({
        account: 'acct_local_default',
        user: 'usr_ada',
        permissions: [],
      }),
    };
    const before = await everything(fixtures);

    const res = await send(emulator(), row.request(fixtures));

    expect(res.status).toBe(row.status);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['request-id']).toMatch(/^req_[A-Za-z0-9]{14}$/);
    const error = wireError(res);
    expect(error.type).toBe(row.type);
    expect(error.message).toBe(row.message);
    expect(error.code).toBe(row.code);
    expect(error.param).toBe(row.param);
    expect(await everything(fixtures)).toEqual(before);
  });
});
