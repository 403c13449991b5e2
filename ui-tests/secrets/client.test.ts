import {
  deleteSecret,
  describeError,
  findSecretWithPayload,
  listSecrets,
  saveSecret,
  scopeFor,
  SecretStoreError,
  type ResolvedScope,
} from '../../src/secrets';
import {ADA, ACCOUNT, startTestDashboard, VIC, type TestDashboard} from '../support/dashboard';

let dashboard: TestDashboard;
beforeEach(async () => {
  dashboard = await startTestDashboard();
});
afterEach(() => dashboard.close());

const account = () => scopeFor('account', {id: dashboard.user.id});
const mine = () => scopeFor('user', {id: dashboard.user.id});
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** What the backend sees in a scope, payloads included: the store's real state. */
async function stored(scope: {type: 'account'} | {type: 'user'; user: string}) {
  const list = await dashboard.backend.apps.secrets.list({scope, limit: 100, expand: ['data.payload']});
  return list.data.map((s) => ({name: s.name, payload: s.payload, expires_at: s.expires_at}));
}

/** A secret's metadata as the app reads it (from list: never a payload), or null. */
async function metadata(scope: ResolvedScope, name: string) {
  return (await listSecrets(scope)).find((secret) => secret.name === name) ?? null;
}

async function failure(promise: Promise<unknown>): Promise<SecretStoreError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof SecretStoreError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

describe('the app’s Secret Store client, through the Dashboard host, against the emulator', () => {
  it('saves, finds (without payload), lists and deletes an account secret', async () => {
    const saved = await saveSecret(account(), 'keyring.api_key', 'ec_test_abcdefghijklmnopqrstuvwx');
    expect(saved).toMatchObject({name: 'keyring.api_key', scope: {type: 'account'}, expires_at: null, livemode: false});
    expect(saved).not.toHaveProperty('payload');

    expect(await metadata(account(), 'keyring.api_key')).toEqual(saved);
    expect(await stored({type: 'account'})).toEqual([
      {name: 'keyring.api_key', payload: 'ec_test_abcdefghijklmnopqrstuvwx', expires_at: null},
    ]);
    expect(await listSecrets(account())).toEqual([saved]);

    expect(await deleteSecret(account(), 'keyring.api_key')).toBe(true);
    expect(await findSecretWithPayload(account(), 'keyring.api_key')).toEqual({status: 'missing'});
    expect(await stored({type: 'account'})).toEqual([]);
  });

  it('asks for the payload only when the caller does', async () => {
    await saveSecret(mine(), 'keyring.oauth', '{"access_token":"at"}');
    await metadata(mine(), 'keyring.oauth');
    expect(dashboard.host.requests.some((r) => r.path.includes('payload'))).toBe(false);

    const withPayload = await findSecretWithPayload(mine(), 'keyring.oauth');
    expect(withPayload).toMatchObject({status: 'saved', payload: '{"access_token":"at"}'});
    expect(dashboard.host.requests.at(-1)?.path).toMatch(/expand/);
  });

  it('a find that misses is a value, not an error', async () => {
    await expect(findSecretWithPayload(mine(), 'keyring.oauth')).resolves.toEqual({status: 'missing'});
    await expect(deleteSecret(account(), 'keyring.api_key')).resolves.toBe(false);
  });

  it('saves with an expiry, and a replace without one clears it', async () => {
    const expiresAt = nowSeconds() + 3600;
    expect((await saveSecret(account(), 'keyring.api_key', 'first', {expiresAt})).expires_at).toBe(expiresAt);
    expect((await metadata(account(), 'keyring.api_key'))?.expires_at).toBe(expiresAt);
    const replaced = await saveSecret(account(), 'keyring.api_key', 'second');
    expect(replaced.expires_at).toBeNull();
    expect(await stored({type: 'account'})).toEqual([{name: 'keyring.api_key', payload: 'second', expires_at: null}]);
  });

  it('the user scope is always the signed-in user’s own', async () => {
    await saveSecret(mine(), 'keyring.oauth', 'ada-token');
    expect(await stored({type: 'user', user: ADA.id})).toHaveLength(1);
    expect(await stored({type: 'user', user: VIC.id})).toEqual([]);

    await dashboard.signIn(VIC);
    expect(mine()).toEqual({type: 'user', user: VIC.id});
    expect(await findSecretWithPayload(mine(), 'keyring.oauth')).toEqual({status: 'missing'});
    expect(await listSecrets(mine())).toEqual([]);
  });

  it('a scope naming another user is refused by the Dashboard session even if the types are bypassed', async () => {
    await dashboard.backend.apps.secrets.create({
      name: 'keyring.oauth',
      payload: 'vic-token',
      scope: {type: 'user', user: VIC.id},
    });
    const forged = {type: 'user', user: VIC.id} as ResolvedScope;
    const err = await failure(findSecretWithPayload(forged, 'keyring.oauth'));
    expect(err.detail.kind).toBe('forbidden');
    expect(describeError(err.detail)).toMatch(/permission/);
    expect(await stored({type: 'user', user: VIC.id})).toEqual([
      {name: 'keyring.oauth', payload: 'vic-token', expires_at: null},
    ]);
  });

  it('without a Dashboard user there is no user scope, and no request is made', () => {
    expect(() => scopeFor('user', {id: undefined})).toThrow(/No Dashboard user is signed in/);
    expect(scopeFor('account', {id: undefined})).toEqual({type: 'account'});
    expect(dashboard.host.requests).toEqual([]);
  });
});

describe('validation happens before any request and names the field', () => {
  const future = () => nowSeconds() + 86_400;
  const cases: [string, () => Promise<unknown>, string, RegExp][] = [
    ['empty name', () => saveSecret(account(), '', 'v'), 'name', /Secret name can’t be empty/],
    ['name over 5000', () => saveSecret(account(), 'a'.repeat(5001), 'v'), 'name', /Secret name must be at most 5000/],
    [
      'name outside the scheme',
      () => saveSecret(account(), 'Keyring API key', 'v'),
      'name',
      /Secret name may hold only/,
    ],
    ['empty payload', () => saveSecret(account(), 'keyring.api_key', ''), 'payload', /Secret value can’t be empty/],
    [
      'payload over 5000',
      () => saveSecret(account(), 'keyring.api_key', 'x'.repeat(5001)),
      'payload',
      /Secret value must be at most 5000/,
    ],
    [
      'labelled payload',
      () => saveSecret(account(), 'keyring.api_key', '', {payloadLabel: 'API key'}),
      'payload',
      /API key can’t be empty/,
    ],
    [
      'past expiry',
      () => saveSecret(account(), 'keyring.api_key', 'v', {expiresAt: nowSeconds() - 60}),
      'expires_at',
      /Expiry must be in the future/,
    ],
    [
      'expiry now',
      () => saveSecret(account(), 'keyring.api_key', 'v', {expiresAt: nowSeconds()}),
      'expires_at',
      /Expiry must be in the future/,
    ],
    [
      'expiry past 100 years',
      () => saveSecret(account(), 'keyring.api_key', 'v', {expiresAt: future() + 101 * 365 * 86_400}),
      'expires_at',
      /at most 100 years/,
    ],
    [
      'fractional expiry',
      () => saveSecret(account(), 'keyring.api_key', 'v', {expiresAt: future() + 0.5}),
      'expires_at',
      /Expiry must be a unix timestamp/,
    ],
    ['find with empty name', () => findSecretWithPayload(account(), ''), 'name', /Secret name can’t be empty/],
    ['delete with empty name', () => deleteSecret(mine(), ''), 'name', /Secret name can’t be empty/],
    ['delete with long name', () => deleteSecret(mine(), 'n'.repeat(5001)), 'name', /at most 5000/],
  ];

  it.each(cases)('%s', async (_name, call, param, message) => {
    const err = await failure(call());
    expect(err.detail).toMatchObject({kind: 'invalid', param});
    expect(describeError(err.detail)).toMatch(message);
    expect(dashboard.host.requests).toEqual([]);
    expect(await stored({type: 'account'})).toEqual([]);
  });
});

describe('failures are mapped once into words for people', () => {
  it('429 reads as rate limited, 500 as a temporary failure, and nothing is half-saved', async () => {
    dashboard.emulator.injectFault({status: 429, times: 1});
    const limited = await failure(saveSecret(account(), 'keyring.api_key', 'v'));
    expect(limited.detail.kind).toBe('rate_limited');
    expect(describeError(limited.detail)).toMatch(/too many requests/i);

    dashboard.emulator.injectFault({status: 500, times: 1});
    const broken = await failure(saveSecret(account(), 'keyring.api_key', 'v'));
    expect(broken.detail.kind).toBe('network');
    expect(describeError(broken.detail)).toMatch(/Couldn’t reach Stripe/);
    expect(await stored({type: 'account'})).toEqual([]);
  });

  it('the 11th secret in a scope is explained with the limit', async () => {
    for (let i = 0; i < 10; i += 1) {
      await dashboard.backend.apps.secrets.create({name: `backend.${i}`, payload: 'p', scope: {type: 'account'}});
    }
    const err = await failure(saveSecret(account(), 'keyring.api_key', 'v'));
    expect(err.detail).toMatchObject({kind: 'invalid'});
    expect(describeError(err.detail)).toMatch(/10/);
    expect(await stored({type: 'account'})).toHaveLength(10);
  });

  it('a server message about the payload is never shown, since Stripe echoes the value in it', async () => {
    const err = new SecretStoreError({kind: 'invalid', param: 'payload', message: 'x'});
    expect(err.detail.message).toBe('x');
    const {toSecretError} = await import('../../src/secrets');
    const mapped = toSecretError({
      statusCode: 400,
      rawType: 'invalid_request_error',
      param: 'payload',
      message: 'Invalid string: sk_supersecret…',
    });
    expect(describeError(mapped)).not.toMatch(/supersecret/);
  });

  it('a connection failure reads as network', async () => {
    await dashboard.emulator.close();
    const err = await failure(findSecretWithPayload(account(), 'keyring.api_key'));
    expect(err.detail.kind).toBe('network');
    dashboard.emulator = await (await import('../../local/emulator')).startEmulator({port: 0, memory: true});
  });

  it('finds and deletes a secret the app did not write, whatever its name', async () => {
    await dashboard.backend.apps.secrets.create({name: 'Backend Token #1', payload: 'p', scope: {type: 'account'}});
    expect(await metadata(account(), 'Backend Token #1')).toMatchObject({name: 'Backend Token #1'});
    expect(await deleteSecret(account(), 'Backend Token #1')).toBe(true);
    expect(await stored({type: 'account'})).toEqual([]);
  });

  it('the account is the Dashboard session’s', async () => {
    await saveSecret(account(), 'keyring.api_key', 'v');
    const other = await dashboard.backend.apps.secrets.list(
      {scope: {type: 'account'}},
      {stripeAccount: 'acct_someoneelse'},
    );
    expect(other.data).toEqual([]);
    const ours = await dashboard.backend.apps.secrets.list({scope: {type: 'account'}}, {stripeAccount: ACCOUNT});
    expect(ours.data.map((s) => s.name)).toEqual(['keyring.api_key']);
  });
});
