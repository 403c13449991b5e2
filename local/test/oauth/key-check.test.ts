import {spawnOAuthProvider, type SpawnedOAuthProvider} from '../../oauth/spawn';

/**
 * The provider's stand-in for the third party's API: `GET /api/key-check` accepts keys of the app's format, refuses
 * others and keys marked refused, counts what it answered, and never writes a key to its log.
 */
jest.setTimeout(30_000);

let provider: SpawnedOAuthProvider;
const log: string[] = [];
const GOOD = 'ec_test_AbCdEfGhIjKlMnOpQrStUvWx12';

beforeAll(async () => {
  provider = await spawnOAuthProvider({
    redirectUris: ['http://127.0.0.1:4242/test/apps-oauth/x'],
    log: (line) => log.push(line),
  });
});
afterAll(async () => {
  await provider?.close();
});

const check = async (key?: string, init: RequestInit = {}) => {
  const res = await fetch(`${provider.url}/api/key-check`, {
    ...init,
    headers: key === undefined ? {} : {Authorization: `Bearer ${key}`},
  });
  return {status: res.status, body: (await res.json()) as unknown};
};

it('accepts a key of the app format; refuses other formats, no key, and keys containing "refused"', async () => {
  expect(await check(GOOD)).toEqual({status: 200, body: {accepted: true}});
  expect(await check('ec_live_0123456789abcdefghijABCDEFGHIJ')).toEqual({status: 200, body: {accepted: true}});
  for (const bad of [
    'ec_test_short',
    'sk_test_AbCdEfGhIjKlMnOpQrStUvWx12',
    'ec_test_AbCdEfGhIjKl-nOpQrStUvWx12',
    'ec_test_refused0000000000000000000',
  ]) {
    expect(await check(bad)).toEqual({status: 401, body: {accepted: false, error: 'invalid_key'}});
  }
  expect((await check()).status).toBe(401);
});

it('a key marked refused is refused from then on; stats count every check', async () => {
  const key = 'ec_test_WillBeRevokedSoon000000000';
  const before = await provider.keyCheckStats();
  expect((await check(key)).status).toBe(200);
  await provider.refuseKey(key);
  expect(await check(key)).toEqual({status: 401, body: {accepted: false, error: 'invalid_key'}});
  expect((await check(GOOD)).status).toBe(200);
  expect(await provider.keyCheckStats()).toEqual({
    requests: before.requests + 3,
    accepted: before.accepted + 2,
    refused: before.refused + 1,
  });
});

it('answers only GET (405), only to its own Host, and logs no key', async () => {
  expect(
    (await fetch(`${provider.url}/api/key-check`, {method: 'POST', headers: {Authorization: `Bearer ${GOOD}`}})).status,
  ).toBe(405);
  const port = new URL(provider.url).port;
  const misdirected = await fetch(`http://localhost:${port}/api/key-check`, {
    headers: {Authorization: `Bearer ${GOOD}`},
  });
  expect(misdirected.status).toBe(421);
  expect(log.some((line) => line.includes('/api/key-check'))).toBe(true);
  expect(log.join('\n')).not.toContain('ec_');
});
