import {request} from 'node:http';
import {spawnOAuthProvider} from '../../oauth/spawn';
import type {RunningOAuthProvider} from '../../oauth/options';

/**
 * The provider is pinned to its own origin: a request addressed to another Host name is refused before it can shape the
 * discovery document, and CORS answers only the origins its client was registered with — not `null`, not any other
 * loopback port.
 */
jest.setTimeout(30_000);

const DASHBOARD = 'http://127.0.0.1:4242';
let provider: RunningOAuthProvider;

beforeAll(async () => {
  provider = await spawnOAuthProvider({
    redirectUris: [
      `${DASHBOARD}/test/apps-oauth/com.keyring.credentials`,
      `${DASHBOARD}/apps-oauth/com.keyring.credentials`,
    ],
  });
});
afterAll(async () => {
  await provider?.close();
});

function send(
  path: string,
  headers: Record<string, string>,
  method = 'GET',
): Promise<{status: number; headers: Record<string, unknown>; body: string}> {
  return new Promise((done, fail) => {
    const req = request({host: '127.0.0.1', port: provider.port, path, method, headers}, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => done({status: res.statusCode ?? 0, headers: res.headers, body}));
    });
    req.on('error', fail);
    req.end();
  });
}

const DISCOVERY = '/.well-known/openid-configuration';

test.each(['attacker.example', 'attacker.example:4244', 'localhost:PORT', '127.0.0.1:1', '127.0.0.1'])(
  'a request with Host %s is refused (421) and nothing of that name comes back',
  async (hostTemplate) => {
    const host = hostTemplate.replace('PORT', String(provider.port));
    for (const path of [DISCOVERY, '/oauth/authorize?client_id=keyring-stripe-app', '/oauth/jwks']) {
      const res = await send(path, {Host: host});
      expect(res.status).toBe(421);
      expect(res.body).toContain(`answers only ${provider.url}`);
      if (!host.startsWith('127.0.0.1')) expect(res.body).not.toContain(host);
    }
  },
);

test('its own Host gets the discovery document, every URL on its own origin', async () => {
  const res = await send(DISCOVERY, {Host: `127.0.0.1:${provider.port}`});
  expect(res.status).toBe(200);
  const doc = JSON.parse(res.body) as Record<string, unknown>;
  expect(doc.issuer).toBe(provider.url);
  const urls = Object.values(doc).filter((v): v is string => typeof v === 'string' && v.startsWith('http'));
  expect(urls.length).toBeGreaterThan(4);
  for (const url of urls) expect(new URL(url).origin).toBe(provider.url);
});

test.each([
  ['null', false],
  ['http://127.0.0.1:9', false],
  ['http://localhost:4242', false],
  ['http://evil.localhost:4242', false],
  ['https://127.0.0.1:4242', false],
  [DASHBOARD, true],
])('CORS preflight from %s: allowed = %s', async (origin, allowed) => {
  const res = await send(
    '/oauth/token',
    {
      Host: `127.0.0.1:${provider.port}`,
      Origin: origin,
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'content-type',
    },
    'OPTIONS',
  );
  expect(res.headers['access-control-allow-origin']).toBe(allowed ? origin : undefined);
  // The request itself (a browser would not even send it after a refused preflight) gets no CORS answer either.
  const post = await fetch(`${provider.url}/oauth/token`, {
    method: 'POST',
    headers: {Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded'},
    body: 'grant_type=refresh_token&refresh_token=nope&client_id=keyring-stripe-app',
  });
  expect(post.status).toBe(400);
  expect(post.headers.get('access-control-allow-origin')).toBe(allowed ? origin : null);
});
