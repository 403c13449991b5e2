import {createServer, type IncomingHttpHeaders, type Server} from 'node:http';
import {startEmulator, type RunningEmulator} from '../../emulator';
import {createPlatformHost, type PlatformHost} from '../../platform/host';
import {AUTHORIZATION_VALUE} from '@stripe/ui-extension-sdk/http_client';

/**
 * The host's `stripeApiFetch` carries the Dashboard session's bearer token, so it must reach the Stripe API (here the
 * emulator) and nothing else: no absolute, protocol-relative or backslashed path gets the token to another server.
 */
let emulator: RunningEmulator;
let other: Server;
let otherPort: number;
let host: PlatformHost;
let session: string;
const reachedOther: {url: string; headers: IncomingHttpHeaders}[] = [];

beforeAll(async () => {
  emulator = await startEmulator({port: 0, memory: true});
  other = createServer((req, res) => {
    reachedOther.push({url: req.url ?? '', headers: req.headers});
    res.setHeader('Content-Type', 'application/json');
    res.end('{"stolen": true}');
  });
  await new Promise<void>((done) => other.listen(0, '127.0.0.1', done));
  otherPort = (other.address() as {port: number}).port;
  session = await emulator.createDashboardSession({account: 'acct_1KeyringTest', user: 'usr_ada'});
  host = createPlatformHost({emulatorUrl: emulator.url, sessionToken: session});
});
afterAll(async () => {
  await emulator?.close();
  await new Promise((done) => other?.close(done));
});

const init = {method: 'GET' as const, headers: {Authorization: AUTHORIZATION_VALUE}};

test.each([
  ['absolute', (port: number) => `http://127.0.0.1:${port}/v1/apps/secrets?scope[type]=account`],
  ['protocol-relative', (port: number) => `//127.0.0.1:${port}/v1/apps/secrets`],
  ['backslash', (port: number) => `/\\127.0.0.1:${port}/v1/apps/secrets`],
  ['tab (stripped by URL parsing)', (port: number) => `/\t/127.0.0.1:${port}/v1/apps/secrets`],
  ['no leading slash', (port: number) => `127.0.0.1:${port}/v1/apps/secrets`],
])('%s: refused with a message, and the session token goes nowhere', async (_kind, make) => {
  const path = make(otherPort);
  await expect(host.rpcs.stripeApiFetch(path, init)).rejects.toThrow(/stripeApiFetch: ".*" is not a Stripe API path/);
  expect(reachedOther).toEqual([]);
  expect(host.requests).toEqual([]);
});

test('the message never repeats the query string', async () => {
  await expect(host.rpcs.stripeApiFetch(`//127.0.0.1:${otherPort}/x?access_token=t0ps3cret`, init)).rejects.toThrow(
    `stripeApiFetch: "//127.0.0.1:${otherPort}/x" is not a Stripe API path`,
  );
  await expect(host.rpcs.stripeApiFetch(`//127.0.0.1:${otherPort}/x?access_token=t0ps3cret`, init)).rejects.not.toThrow(
    't0ps3cret',
  );
});

test('a path on the API still works, with the session', async () => {
  const response = await host.rpcs.stripeApiFetch('/v1/apps/secrets?scope[type]=account', init);
  expect(response.status).toBe(200);
  expect(response.json).toMatchObject({object: 'list', data: []});
  expect(host.requests).toEqual([{method: 'GET', path: '/v1/apps/secrets?scope[type]=account', status: 200}]);
  expect(reachedOther).toEqual([]);
});

/**
 * Locally the API shares its origin with the Dashboard's own routes (`/__dashboard/session` hands out sessions): a path
 * that leaves `/v1/` once dot segments and encoded dots or slashes are resolved must not reach that origin at all.
 */
describe('paths that leave /v1/ once normalised', () => {
  let dashboard: Server;
  let dashboardHost: PlatformHost;
  const reachedDashboard: string[] = [];
  beforeAll(async () => {
    dashboard = createServer((req, res) => {
      reachedDashboard.push(req.url ?? '');
      res.setHeader('Content-Type', 'application/json');
      res.end('{"token": "dsess_not_for_views"}');
    });
    await new Promise<void>((done) => dashboard.listen(0, '127.0.0.1', done));
    dashboardHost = createPlatformHost({
      emulatorUrl: `http://127.0.0.1:${(dashboard.address() as {port: number}).port}`,
      sessionToken: 'dsess_page',
    });
  });
  afterAll(async () => {
    await new Promise((done) => dashboard?.close(done));
  });

  test.each([
    '/__dashboard/session?user=usr_ada&mode=live',
    '/v1/../__dashboard/session?user=usr_ada&mode=live',
    '/v1/./../__dashboard/session',
    '/v1/%2e%2e/__dashboard/session',
    '/v1/%2E%2E/__dashboard/session',
    '/v1/.%2e/__dashboard/session',
    '/v1%2f..%2f__dashboard/session',
    '/v1/apps%2f..%2f..%2f__dashboard/session',
    '/v1/apps/%2e%2e%2f%2e%2e%2f__dashboard/session',
    '/v1/apps%5c..%5c..%5c__dashboard/session',
    '/v1',
    '/v1?x=/v1/',
  ])('%s is refused and reaches nothing', async (path) => {
    await expect(dashboardHost.rpcs.stripeApiFetch(path, init)).rejects.toThrow(
      /stripeApiFetch: ".*" is not a Stripe API path/,
    );
    expect(reachedDashboard).toEqual([]);
  });

  test('a /v1/ path with dot segments that stay inside /v1/ is sent resolved', async () => {
    const response = await dashboardHost.rpcs.stripeApiFetch('/v1/apps/../apps/secrets?scope[type]=account', init);
    expect(response.status).toBe(200);
    expect(reachedDashboard).toEqual(['/v1/apps/secrets?scope[type]=account']);
    reachedDashboard.length = 0;
  });
});
