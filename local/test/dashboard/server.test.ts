import {join, resolve} from 'node:path';
import {request} from 'node:http';
import {loadApp, oauthRedirectUris} from '../../dashboard/app';
import {workerEntry} from '../../dashboard/bundle';
import {startDashboard, type RunningDashboard} from '../../dashboard';
import {PAGES, parseLocation, viewFor, oauthReturnMode} from '../../dashboard/navigation';
import {blockedFetchMessage, suggestedEntry} from '../../dashboard/worker/blocked';

/**
 * The local Dashboard's Node side, without a browser (the browser tests in test/e2e need Chromium): reading the app
 * project, choosing views, the connect-src message, and the page server's routes.
 */
const ROOT = resolve(__dirname, '..', '..', '..');
const FIXTURES = join(ROOT, 'local', 'test', 'e2e', 'fixtures');

describe('the app project', () => {
  test('reads stripe-app.local.json over stripe-app.json, every view file, permissions and connect-src', () => {
    const app = loadApp(ROOT);
    expect(app.manifestFiles.map((f) => f.slice(ROOT.length + 1))).toEqual([
      'stripe-app.local.json',
      'stripe-app.json',
    ]);
    expect(app.id).toBe('com.keyring.credentials');
    expect(app.permissions).toEqual(['secret_write']);
    expect(app.missingViews).toEqual([]);
    expect(Object.keys(app.viewFiles).sort()).toEqual([
      'AppDrawer',
      'AppSettings',
      'CustomerDrawer',
      'InvoiceDrawer',
      'PaymentDrawer',
      'ProductDrawer',
      'SubscriptionDrawer',
    ]);
    expect(app.connectSrc).toEqual(['http://127.0.0.1:4244/oauth/', 'http://127.0.0.1:4245/actions/']);
  });

  test('moves URLs at the default ports to the ports in use', () => {
    const app = loadApp(ROOT, {
      'http://127.0.0.1:4242': 'http://127.0.0.1:5001',
      'http://127.0.0.1:4244': 'http://127.0.0.1:5002',
    });
    const constants = app.constants as {dashboardOrigin: string; provider: {tokenUrl: string}};
    expect(constants.dashboardOrigin).toBe('http://127.0.0.1:5001');
    expect(constants.provider.tokenUrl).toBe('http://127.0.0.1:5002/oauth/token');
    // The backend's port is not moved here: npm start's backend is wired by its own start sequence.
    expect(app.connectSrc).toEqual(['http://127.0.0.1:5002/oauth/', 'http://127.0.0.1:4245/actions/']);
  });

  test('another project: its own manifest, extends resolved, views from its src/views', () => {
    const app = loadApp(join(FIXTURES, 'no-secret-write'));
    expect(app.permissions).toEqual([]);
    expect(app.views).toEqual([{viewport: 'stripe.dashboard.drawer.default', component: 'AppDrawer'}]);
    expect(app.viewFiles.AppDrawer).toBe(join(FIXTURES, 'no-secret-write', 'src', 'views', 'AppDrawer.tsx'));
    expect(() => loadApp(FIXTURES)).toThrow(/No stripe-app.json/);
  });

  test('the generated worker entry imports each view by its file', () => {
    const entry = workerEntry(loadApp(join(FIXTURES, 'fetcher')));
    expect(entry).toContain(JSON.stringify(join(FIXTURES, 'fetcher', 'src', 'views', 'FetchDrawer.tsx')));
    expect(entry).toContain('startWorker({"FetchDrawer": View0})');
  });

  test('both OAuth return URLs for the app', () => {
    expect(oauthRedirectUris('com.example.app', 'http://127.0.0.1:4242')).toEqual([
      'http://127.0.0.1:4242/test/apps-oauth/com.example.app',
      'http://127.0.0.1:4242/apps-oauth/com.example.app',
    ]);
  });
});

describe('navigation', () => {
  const views = [
    {viewport: 'stripe.dashboard.drawer.default', component: 'Home'},
    {viewport: 'stripe.dashboard.customer.detail', component: 'Customer'},
  ];
  const page = (id: string) => PAGES.find((p) => p.id === id) ?? PAGES[0];

  test('a page opens its own viewport with its object, else the default drawer without one', () => {
    expect(viewFor(page('customer'), views)).toEqual({
      view: views[1],
      objectContext: {id: 'cus_QkLocal7Jr2Ada', object: 'customer'},
    });
    expect(viewFor(page('invoice'), views)).toEqual({view: views[0], objectContext: null});
    expect(viewFor(page('settings'), views)).toBeNull();
  });

  test('locations and return routes', () => {
    expect(parseLocation('?page=product&user=usr_vic&mode=live')).toMatchObject({
      page: {id: 'product'},
      user: {id: 'usr_vic', roles: ['view_only']},
      mode: 'live',
    });
    expect(parseLocation('?page=nope&user=nobody')).toMatchObject({
      page: {id: 'home'},
      user: {id: 'usr_ada'},
      mode: 'test',
    });
    expect(oauthReturnMode('/test/apps-oauth/com.keyring.credentials', 'com.keyring.credentials')).toBe('test');
    expect(oauthReturnMode('/apps-oauth/com.keyring.credentials', 'com.keyring.credentials')).toBe('live');
    expect(oauthReturnMode('/apps-oauth/other', 'com.keyring.credentials')).toBeNull();
  });
});

describe('connect-src messages', () => {
  test('name the entry to add and never repeat the query string', () => {
    expect(suggestedEntry(new URL('https://api.example.com/v1/things/42'))).toBe('https://api.example.com/v1/things/');
    const message = blockedFetchMessage('https://api.example.com/v1/ping?access_token=secret#frag');
    expect(message).toContain('fetch to https://api.example.com/v1/ping is not allowed by connect-src');
    expect(message).toContain('Add "https://api.example.com/v1/"');
    expect(message).not.toContain('secret');
  });
});

describe('the page server', () => {
  let dashboard: RunningDashboard;
  beforeAll(async () => {
    dashboard = await startDashboard({port: 0, memory: true, providerPort: false, watch: false});
  }, 30_000);
  afterAll(async () => {
    await dashboard?.close();
  });

  function get(
    path: string,
    headers: Record<string, string> = {},
  ): Promise<{status: number; type: string; csp: string; etag: string; cache: string; body: string}> {
    return new Promise((done, fail) => {
      const req = request(dashboard.url + path, {headers}, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () =>
          done({
            status: res.statusCode ?? 0,
            type: String(res.headers['content-type'] ?? ''),
            csp: String(res.headers['content-security-policy'] ?? ''),
            etag: String(res.headers.etag ?? ''),
            cache: String(res.headers['cache-control'] ?? ''),
            body,
          }),
        );
      });
      req.on('error', fail);
      req.end();
    });
  }

  test('serves the page, for the OAuth return routes too, with the app in its config', async () => {
    for (const path of [
      '/',
      '/?page=customer',
      '/test/apps-oauth/com.keyring.credentials?code=x&state=y',
      '/apps-oauth/com.keyring.credentials',
    ]) {
      const page = await get(path);
      expect(page.status).toBe(200);
      expect(page.type).toContain('text/html');
      expect(page.body).toContain('"id":"com.keyring.credentials"');
    }
    expect((await get('/nowhere')).status).toBe(404);
  });

  test('the bundles are revalidated, not refetched: an unchanged one answers 304 to its ETag, with the CSP', async () => {
    const views = {Host: `localhost:${dashboard.port}`};
    for (const [path, headers] of [
      ['/__dashboard/page.js', {}],
      ['/__dashboard/worker.js', views],
    ] as const) {
      const first = await get(path, headers);
      expect(first.status).toBe(200);
      expect(first.cache).toBe('no-cache');
      expect(first.etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
      const again = await get(path, {...headers, 'If-None-Match': first.etag});
      expect(again).toMatchObject({status: 304, body: '', etag: first.etag, csp: first.csp});
      // Another tag (an earlier build) gets the whole bundle.
      expect((await get(path, {...headers, 'If-None-Match': '"earlier"'})).status).toBe(200);
    }
    const page = await get('/__dashboard/page.js');
    const worker = await get('/__dashboard/worker.js', views);
    expect(page.etag).not.toBe(worker.etag);
  });

  test('serves the page bundle on the page origin, and the worker only on the views origin, under the manifest CSP', async () => {
    const page = await get('/__dashboard/page.js');
    expect(page.status).toBe(200);
    expect(page.type).toContain('javascript');
    expect((await get('/__dashboard/worker.js')).status).toBe(404);
    const views = {Host: `localhost:${dashboard.port}`};
    const worker = await get('/__dashboard/worker.js', views);
    expect(worker.status).toBe(200);
    expect(worker.type).toContain('javascript');
    expect(worker.csp).toBe(
      `default-src 'none'; script-src 'unsafe-eval'; connect-src ${dashboard.app.connectSrc?.join(' ')}`,
    );
    const frame = await get('/__dashboard/views', views);
    expect(frame.status).toBe(200);
    expect(frame.csp).toMatch(
      /^default-src 'none'; script-src 'sha256-[A-Za-z0-9+/=]+'; worker-src 'self'; .*frame-ancestors http:\/\/127\.0\.0\.1:\d+$/,
    );
    // Nothing else on the views origin: the page, sessions and /v1 are sent to the page origin.
    for (const path of ['/', '/__dashboard/session?user=usr_ada&mode=test', '/__dashboard/page.js'])
      expect((await get(path, views)).status).toBe(308);
  });

  test('the page is served with a CSP: its own script, images from image-src, frames from the views origin only', async () => {
    const page = await get('/');
    expect(page.csp).toContain("script-src 'self'");
    expect(page.csp).toContain('img-src data:;');
    expect(page.csp).toContain(`frame-src http://localhost:${dashboard.port};`);
    expect(page.csp).toContain("frame-ancestors 'none'");
  });

  test('answers only requests addressed to this machine', async () => {
    expect((await get('/', {Host: `attacker.example:${dashboard.port}`})).status).toBe(421);
  });

  /** The token the page rendered at `path` carries in its config. */
  async function pageToken(path: string): Promise<string> {
    const html = (await get(path)).body;
    const config = JSON.parse(
      /<script id="ld-config" type="application\/json">(.*?)<\/script>/s.exec(html)?.[1] ?? '{}',
    ) as {page?: {token?: string}};
    return config.page?.token ?? '';
  }
  const session = async (query: string, token: string, headers: Record<string, string> = {}) =>
    get(`/__dashboard/session?${query}`, {'X-Dashboard-Page': token, 'Sec-Fetch-Site': 'same-origin', ...headers});

  test('hands out one Dashboard session per user and mode, and proxies /v1 to the emulator with it', async () => {
    const adaTest = await pageToken('/?user=usr_ada&mode=test');
    const adaLive = await pageToken('/?user=usr_ada&mode=live');
    const first = JSON.parse((await session('user=usr_ada&mode=test', adaTest)).body) as {token: string};
    const again = JSON.parse(
      (await session('user=usr_ada&mode=test', await pageToken('/?user=usr_ada&mode=test'))).body,
    ) as {token: string};
    const live = JSON.parse((await session('user=usr_ada&mode=live', adaLive)).body) as {token: string};
    expect(first.token).toMatch(/^dsess_test_/);
    expect(again.token).toBe(first.token);
    expect(live.token).toMatch(/^dsess_live_/);
    expect((await session('user=usr_mallory&mode=test', adaTest)).status).toBe(400);

    const list = await get('/v1/apps/secrets?scope[type]=account', {Authorization: `Bearer ${first.token}`});
    expect(list.status).toBe(200);
    expect(JSON.parse(list.body)).toMatchObject({object: 'list', data: []});
    expect((await get('/v1/apps/secrets?scope[type]=account')).status).toBe(401);
  });

  test("a session goes only to the page that shows its user and mode: Vic's page cannot have Ada's live one", async () => {
    const vic = await pageToken('/?page=home&user=usr_vic&mode=test');
    expect((await session('user=usr_vic&mode=test', vic)).status).toBe(200);
    for (const query of ['user=usr_ada&mode=live', 'user=usr_ada&mode=test', 'user=usr_vic&mode=live']) {
      const refused = await session(query, vic);
      expect(refused.status).toBe(403);
      expect(refused.body).not.toContain('dsess_');
    }
  });

  test('a session request without the page token, with an unknown one, or from another site is refused', async () => {
    const ada = await pageToken('/?user=usr_ada&mode=test');
    expect((await get('/__dashboard/session?user=usr_ada&mode=test')).status).toBe(403);
    expect((await session('user=usr_ada&mode=test', 'made-up')).status).toBe(403);
    // A view on the views origin (or any other site) is cross-site to the page server, whatever token it found.
    expect((await session('user=usr_ada&mode=test', ada, {'Sec-Fetch-Site': 'cross-site'})).status).toBe(403);
    expect((await session('user=usr_ada&mode=test', ada, {'Sec-Fetch-Site': 'same-site'})).status).toBe(403);
    expect((await session('user=usr_ada&mode=test', ada, {Origin: `http://localhost:${dashboard.port}`})).status).toBe(
      403,
    );
    expect((await session('user=usr_ada&mode=test', ada)).status).toBe(200);
  });

  test('an OAuth return page (its address names only the mode) is bound to the first user it asks for', async () => {
    const back = await pageToken('/apps-oauth/com.keyring.credentials?code=x&state=y');
    expect((await session('user=usr_dana&mode=test', back)).status).toBe(403);
    expect((await session('user=usr_dana&mode=live', back)).status).toBe(200);
    expect((await session('user=usr_dana&mode=live', back)).status).toBe(200);
    expect((await session('user=usr_ada&mode=live', back)).status).toBe(403);
  });
});
