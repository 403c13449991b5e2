import type {ChildProcess} from 'node:child_process';
import {OAUTH_POOL} from '../../oauth/options';
import {spawnOAuthProvider, type SpawnedOAuthProvider} from '../../oauth/spawn';
import {connectAtProvider} from '../../oauth/testing';

/**
 * A Jest worker keeps loaded provider processes between test files (spawn.ts, local/testing/node-environment.ts): a
 * closed provider's process serves the next one. Nothing of the first may reach the second: not its clock, keys,
 * grants, refused keys or settings.
 */
jest.setTimeout(30_000);

const DASHBOARD = 'http://127.0.0.1:4242';
const REDIRECT = `${DASHBOARD}/test/apps-oauth/com.keyring.credentials`;
const CLIENT = 'keyring-stripe-app';
const pool = () => (globalThis as Record<string, unknown>)[OAUTH_POOL] as unknown[];

/** Signs in at `at` and returns its tokens. */
async function tokensFrom(at: SpawnedOAuthProvider): Promise<Record<string, unknown>> {
  const {status, body} = await connectAtProvider(at.url, {
    clientId: CLIENT,
    redirectUri: REDIRECT,
    scope: 'openid offline_access',
  });
  expect(status).toBe(200);
  return body;
}

const userinfoStatus = async (at: SpawnedOAuthProvider, token: unknown) =>
  (await fetch(`${at.url}/oauth/userinfo`, {headers: {Authorization: `Bearer ${String(token)}`}})).status;
const kids = async (at: SpawnedOAuthProvider) =>
  ((await (await fetch(`${at.url}/oauth/jwks`)).json()) as {keys: {kid: string}[]}).keys.map((key) => key.kid);

test("a closed provider's process serves the next provider, which starts clean", async () => {
  expect(Array.isArray(pool())).toBe(true);
  const parkedBefore = pool().length;
  const first = await spawnOAuthProvider({redirectUris: [REDIRECT], accessTokenTtl: 60});
  const firstTokens = await tokensFrom(first);
  expect(firstTokens.expires_in).toBe(60);
  const firstKids = await kids(first);
  await first.refuseKey('ec_test_AbCdEfGhIjKlMnOpQrStUvWx12');
  // Its clock moves on a day: the next provider in the same process must be back at the real time.
  await first.advanceClock(86_400);
  expect(await userinfoStatus(first, firstTokens.access_token)).toBe(401);
  await first.close();
  expect(pool().length).toBe(Math.max(parkedBefore, 1));
  await expect(fetch(`${first.url}/oauth/jwks`)).rejects.toThrow();

  const second = await spawnOAuthProvider({redirectUris: [REDIRECT]});
  try {
    // It took the parked process.
    expect(pool().length).toBe(Math.max(parkedBefore, 1) - 1);
    expect(second.url).not.toBe(first.url);
    // Its own settings (the default lifetime), keys and grants; the first one's token means nothing here.
    const tokens = await tokensFrom(second);
    expect(tokens.expires_in).toBe(3600);
    expect(await kids(second)).not.toEqual(firstKids);
    expect(await userinfoStatus(second, firstTokens.access_token)).toBe(401);
    // The real time: a token just issued works, and the discovery's ID token times are now.
    expect(await userinfoStatus(second, tokens.access_token)).toBe(200);
    const idClaims = JSON.parse(Buffer.from(String(tokens.id_token).split('.')[1], 'base64url').toString()) as {
      iat: number;
    };
    expect(Math.abs(idClaims.iat - Date.now() / 1000)).toBeLessThan(60);
    // No key the first one refused.
    const check = await fetch(`${second.url}/api/key-check`, {
      headers: {Authorization: 'Bearer ec_test_AbCdEfGhIjKlMnOpQrStUvWx12'},
    });
    expect(check.status).toBe(200);
    expect(await second.keyCheckStats()).toEqual(expect.objectContaining({accepted: 1, refused: 0}));
  } finally {
    await second.close();
  }
});

test('two providers at once have a process each, and bad options leave the loaded process idle', async () => {
  const [a, b] = await Promise.all([
    spawnOAuthProvider({redirectUris: [REDIRECT]}),
    spawnOAuthProvider({redirectUris: [REDIRECT]}),
  ]);
  try {
    expect(a.url).not.toBe(b.url);
    await a.advanceClock(86_400);
    // Only a's clock moved: b's fresh token still works.
    const tokens = await tokensFrom(b);
    expect(await userinfoStatus(b, tokens.access_token)).toBe(200);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
  const parked = pool().length;
  expect(parked).toBeGreaterThanOrEqual(2);
  await expect(spawnOAuthProvider({redirectUris: ['ftp://127.0.0.1/x']})).rejects.toThrow(/must be http/);
  expect(pool().length).toBe(parked);
});

test('a parked process that does not answer is ended, and the provider starts in a new process', async () => {
  const first = await spawnOAuthProvider({redirectUris: [REDIRECT]});
  await first.close();
  // The process just parked (the next start takes it) stops answering: as if hung.
  const silent = pool().at(-1) as ChildProcess;
  const pid = silent.pid as number;
  process.kill(pid, 'SIGSTOP');
  const ended = new Promise<string | null>((done) => silent.once('exit', (_code, signal) => done(signal)));
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  let second: SpawnedOAuthProvider | undefined;
  try {
    second = await spawnOAuthProvider({redirectUris: [REDIRECT]});
    // Said once, with where the process stood (stopped: state T), and it was ended.
    expect(warn.mock.calls).toEqual([
      [
        expect.stringMatching(
          new RegExp(
            `^A parked OAuth provider process did not answer within 5000 ms \\(process ${pid}: state T; threads wait in ` +
              '[^)]+\\); it was ended, and the provider starts in a new process\\.$',
          ),
        ),
      ],
    ]);
    expect(await ended).toBe('SIGKILL');
    // The new process serves a working provider, and goes back to the pool when it closes.
    const tokens = await tokensFrom(second);
    expect(await userinfoStatus(second, tokens.access_token)).toBe(200);
  } finally {
    warn.mockRestore();
    await second?.close();
  }
  expect(pool()).not.toContain(silent);
});
