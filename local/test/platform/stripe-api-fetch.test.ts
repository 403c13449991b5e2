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
  await expect(host.rpcs.stripeApiFetch(`//127.0.0.1:${otherPort}/x?access_token=t0ps3cret`, init)).rejects.not.toThrow('t0ps3cret');
});

test('a path on the API still works, with the session', async () => {
  const response = await host.rpcs.stripeApiFetch('/v1/apps/secrets?scope[type]=account', init);
  expect(response.status).toBe(200);
  expect(response.json).toMatchObject({object: 'list', data: []});
  expect(host.requests).toEqual([{method: 'GET', path: '/v1/apps/secrets?scope[type]=account', status: 200}]);
  expect(reachedOther).toEqual([]);
});
