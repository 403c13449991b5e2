import {createHash} from 'node:crypto';
import {newNonce, sha256Hex, signedRequest, type BackendCaller} from '../../src/backend/request';

/**
 * The view's half of the signed-request contract (backend/README.md): what it asks Stripe to sign, and what it sends.
 */
const caller: BackendCaller = {
  backendUrl: 'http://127.0.0.1:4245',
  mode: 'live',
  userId: 'usr_ada',
  accountId: 'acct_1KeyringLocal',
  roles: ['admin'],
  fetchSignature: () => Promise.reject(new Error('not used')),
};

test('the signed payload names the action, the mode, a nonce and the hash of the data, in that order', async () => {
  const data = {probe: 'é✓', n: 1};
  const request = await signedRequest(caller, 'connection.check', data, 'nonce_abcdefghijklmnop');
  expect(Object.keys(request.payload)).toEqual(['action', 'mode', 'nonce', 'body_sha256']);
  expect(request.payload).toEqual({
    action: 'connection.check',
    mode: 'live',
    nonce: 'nonce_abcdefghijklmnop',
    body_sha256: createHash('sha256').update(JSON.stringify(data), 'utf8').digest('hex'),
  });
  expect(request.url).toBe('http://127.0.0.1:4245/actions/connection.check');
});

test('the body repeats the signed fields, then the ids Stripe appends, then the data', async () => {
  const request = await signedRequest(caller, 'connection.refresh', {force: true}, 'nonce_abcdefghijklmnop');
  expect(Object.keys(request.body)).toEqual([
    'action',
    'mode',
    'nonce',
    'body_sha256',
    'user_id',
    'account_id',
    'data',
  ]);
  expect(request.body).toMatchObject({user_id: 'usr_ada', account_id: 'acct_1KeyringLocal', data: {force: true}});
});

test('a role-gated action signs the user’s roles; the others do not', async () => {
  const gated = await signedRequest(caller, 'api_key.check', {}, 'nonce_abcdefghijklmnop');
  expect(Object.keys(gated.payload)).toEqual(['action', 'mode', 'nonce', 'body_sha256', 'stripe_roles']);
  expect(gated.payload.stripe_roles).toEqual(['admin']);
  const plain = await signedRequest(caller, 'connection.check', {}, 'nonce_abcdefghijklmnop');
  expect(plain.payload).not.toHaveProperty('stripe_roles');
});

test('a backend URL with a path keeps it', async () => {
  const request = await signedRequest({...caller, backendUrl: 'https://api.example.com/keyring'}, 'api_key.check', {});
  expect(request.url).toBe('https://api.example.com/keyring/actions/api_key.check');
});

test('nonces are fresh, 32 hex characters (128 bits)', () => {
  const nonces = new Set(Array.from({length: 200}, () => newNonce()));
  expect(nonces.size).toBe(200);
  for (const nonce of nonces) expect(nonce).toMatch(/^[0-9a-f]{32}$/);
});

test('sha256Hex matches Node’s SHA-256 on non-ASCII text', async () => {
  const text = JSON.stringify({name: '🔑 Keyring', note: 'ü'});
  expect(await sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
});
