import {join} from 'node:path';
import Stripe from 'stripe';
import {startDashboard, type RunningDashboard} from '../../dashboard';
import {createPlatformHost} from '../../platform/host';
import {ACCOUNT, ADA, VIC, type DashboardUser} from '../../platform/fixtures';
import {callBackend, type BackendCaller} from '../../../src/backend/request';

/**
 * `npm start` runs Keyring's backend beside the emulator and the provider, configured from them: it answers /health, a
 * view's signed request (signed by the emulator for a Dashboard session, through the same host the page uses) reaches
 * it and is verified with the emulator's signing secret, its Stripe calls reach the emulator in the signed account, its
 * key check reaches the provider, and the emulator's events reach its webhook endpoint with a secret it accepts.
 */
jest.setTimeout(60_000);

let dashboard: RunningDashboard;
beforeAll(async () => {
  dashboard = await startDashboard({port: 0, memory: true, providerPort: 0, watch: false});
}, 60_000);
afterAll(async () => {
  await dashboard?.close();
});

async function caller(user: DashboardUser, mode: 'test' | 'live' = 'test'): Promise<BackendCaller> {
  const sessionToken = await dashboard.emulator.createDashboardSession({
    account: ACCOUNT.id,
    user: user.id,
    roles: user.roles,
    livemode: mode === 'live',
  });
  const host = createPlatformHost({
    emulatorUrl: dashboard.emulator.url,
    sessionToken,
    connectSrc: dashboard.app.connectSrc,
  });
  const constants = dashboard.app.constants as {backendUrl: string};
  return {
    backendUrl: constants.backendUrl,
    mode,
    userId: user.id,
    accountId: ACCOUNT.id,
    roles: user.roles,
    fetchSignature: host.rpcs.fetchStripeSignature,
  };
}

test('the backend runs on its own port and answers /health', async () => {
  expect(dashboard.backend).not.toBeNull();
  const backend = dashboard.backend!;
  expect(backend.port).not.toBe(4245);
  expect(backend.signingSecrets).toEqual(dashboard.emulator.signingSecrets());
  const health = await fetch(`${backend.url}/health`);
  expect(health.status).toBe(200);
  expect(await health.json()).toEqual({ok: true});
});

test("the start does not wait for the provider's process: its port is bound, and `services` says when it answers", async () => {
  const oauth = dashboard.oauth!;
  expect(oauth.port).not.toBe(4244);
  // Whether or not it has finished loading, a request to it is answered: until then it waits in the socket's queue.
  const discovery = await fetch(`${oauth.url}/.well-known/openid-configuration`);
  expect(discovery.status).toBe(200);
  await expect(dashboard.services).resolves.toBeUndefined();
});

test('the views are pointed at the backend in use: backendUrl and connect-src', () => {
  const backend = dashboard.backend!;
  expect((dashboard.app.constants as {backendUrl: string}).backendUrl).toBe(`${backend.url}/`);
  expect(dashboard.app.connectSrc).toContain(`${backend.url}/actions/`);
  expect(dashboard.app.connectSrc?.some((entry) => entry.includes(':4245'))).toBe(false);
});

test("a view's signed request reaches the backend, which reads the signed account through the emulator", async () => {
  const ada = await caller(ADA);
  await expect(callBackend(ada, 'connection.check')).resolves.toEqual({ok: false, reason: 'not_connected'});
  // Live mode is its own store, read with the live key.
  await expect(callBackend(await caller(ADA, 'live'), 'api_key.check')).resolves.toEqual({
    ok: false,
    reason: 'no_api_key',
  });

  // A key saved in the account (as the views save it) is checked at the provider's /api/key-check.
  const stripe = new Stripe('sk_test_seed', {
    host: '127.0.0.1',
    port: dashboard.emulator.port,
    protocol: 'http',
    stripeAccount: ACCOUNT.id,
    maxNetworkRetries: 0,
  });
  await stripe.apps.secrets.create({
    name: 'keyring.api_key',
    payload: 'ec_test_abcdefghijklmnopqrstuvwxyz',
    scope: {type: 'account'},
  });
  await expect(callBackend(ada, 'api_key.check')).resolves.toEqual({ok: true, accepted: true});

  // A role the Dashboard will not sign for Vic (view only) never reaches the backend; one it signs is refused there.
  await expect(callBackend(await caller(VIC), 'api_key.check')).rejects.toMatchObject({
    code: 'backend_failed',
    detail: {failure: {code: 'refused', reason: 'role_required'}},
  });
});

test("the emulator's events reach the backend's webhook endpoint, signed with a secret it accepts", async () => {
  const response = await fetch(`${dashboard.emulator.url}/v1/test_helpers/app_events`, {
    method: 'POST',
    headers: {
      Authorization: 'Bearer sk_test_events',
      'Stripe-Account': ACCOUNT.id,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({type: 'account.application.deauthorized'}).toString(),
  });
  expect(response.status).toBe(200);
  const {id} = (await response.json()) as {id: string};
  // A test-mode event reaches both endpoints (as at Stripe); the live one drops it, both answer 2xx.
  await dashboard.emulator.waitForDeliveries((attempts) => attempts.filter((a) => a.event === id).length >= 2);
  const attempts = dashboard.emulator.deliveries().filter((a) => a.event === id);
  expect(attempts.map((a) => a.status)).toEqual([200, 200]);
});

test('an app whose manifest has no backendUrl pointing at it gets no backend, and the reason', async () => {
  const other = await startDashboard({
    appDir: join(__dirname, '..', 'e2e', 'fixtures', 'fetcher'),
    port: 0,
    memory: true,
    providerPort: false,
    watch: false,
  });
  try {
    expect(other.backend).toBeNull();
    expect(other.backendProblem).toMatch(/backendUrl does not point at it; --backend starts it anyway/);
  } finally {
    await other.close();
  }
});
