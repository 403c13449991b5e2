import {join, resolve} from 'node:path';
import {request} from 'node:http';
import {loadApp, oauthRedirectUris} from '../../local/dashboard/app';
import {workerEntry} from '../../local/dashboard/bundle';
import {startDashboard, type RunningDashboard} from '../../local/dashboard';
import {PAGES, parseLocation, viewFor, oauthReturnMode} from '../../local/dashboard/navigation';
import {blockedFetchMessage, suggestedEntry} from '../../local/dashboard/worker/runtime';

/**
 * The local Dashboard's Node side, without a browser (the browser tests in ui-tests/e2e need Chromium): reading the app
 * project, choosing views, the connect-src message, and the page server's routes.
 */
const ROOT = resolve(__dirname, '..', '..');
const FIXTURES = join(ROOT, 'ui-tests', 'e2e', 'fixtures');

describe('the app project', () => {
  test('reads stripe-app.local.json over stripe-app.json, every view file, permissions and connect-src', () => {
    const app = loadApp(ROOT);
    expect(app.manifestFiles.map((f) => f.slice(ROOT.length + 1))).toEqual(['stripe-app.local.json', 'stripe-app.json']);
    expect(app.id).toBe('com.keyring.credentials');
    expect(app.permissions).toEqual(['secret_write']);
    expect(app.missingViews).toEqual([]);
    expect(Object.keys(app.viewFiles).sort()).toEqual(['AppDrawer', 'AppSettings', 'CustomerDrawer', 'InvoiceDrawer', 'PaymentDrawer', 'ProductDrawer', 'SubscriptionDrawer']);
    expect(app.connectSrc).toEqual(['http://127.0.0.1:4244/oauth/', 'http://127.0.0.1:4245/actions/']);
  });

  test('moves URLs at the default ports to the ports in use', () => {
    const app = loadApp(ROOT, {'http://127.0.0.1:4242': 'http://127.0.0.1:5001', 'http://127.0.0.1:4244': 'http://127.0.0.1:5002'});
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
    expect(viewFor(page('customer'), views)).toEqual({view: views[1], objectContext: {id: 'cus_QkLocal7Jr2Ada', object: 'customer'}});
    expect(viewFor(page('invoice'), views)).toEqual({view: views[0], objectContext: null});
    expect(viewFor(page('settings'), views)).toBeNull();
  });

  test('locations and return routes', () => {
    expect(parseLocation('?page=product&user=usr_vic&mode=live')).toMatchObject({page: {id: 'product'}, user: {id: 'usr_vic', roles: ['view_only']}, mode: 'live'});
    expect(parseLocation('?page=nope&user=nobody')).toMatchObject({page: {id: 'home'}, user: {id: 'usr_ada'}, mode: 'test'});
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

  function get(path: string, headers: Record<string, string> = {}): Promise<{status: number; type: string; body: string}> {
    return new Promise((done, fail) => {
      const req = request(dashboard.url + path, {headers}, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => done({status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body}));
      });
      req.on('error', fail);
      req.end();
    });
  }

  test('serves the page, for the OAuth return routes too, with the app in its config', async () => {
    for (const path of ['/', '/?page=customer', '/test/apps-oauth/com.keyring.credentials?code=x&state=y', '/apps-oauth/com.keyring.credentials']) {
      const page = await get(path);
      expect(page.status).toBe(200);
      expect(page.type).toContain('text/html');
      expect(page.body).toContain('"id":"com.keyring.credentials"');
    }
    expect((await get('/nowhere')).status).toBe(404);
  });

  test('serves both bundles', async () => {
    const worker = await get('/__dashboard/worker.js');
    expect(worker.status).toBe(200);
    expect(worker.type).toContain('javascript');
    const page = await get('/__dashboard/page.js');
    expect(page.status).toBe(200);
  });

  test('answers only requests addressed to this machine', async () => {
    expect((await get('/', {Host: `attacker.example:${dashboard.port}`})).status).toBe(421);
  });

  test('hands out one Dashboard session per user and mode, and proxies /v1 to the emulator with it', async () => {
    const first = JSON.parse((await get('/__dashboard/session?user=usr_ada&mode=test')).body) as {token: string};
    const again = JSON.parse((await get('/__dashboard/session?user=usr_ada&mode=test')).body) as {token: string};
    const live = JSON.parse((await get('/__dashboard/session?user=usr_ada&mode=live')).body) as {token: string};
    expect(first.token).toMatch(/^dsess_test_/);
    expect(again.token).toBe(first.token);
    expect(live.token).toMatch(/^dsess_live_/);
    expect((await get('/__dashboard/session?user=usr_mallory&mode=test')).status).toBe(400);

    const list = await get('/v1/apps/secrets?scope[type]=account', {Authorization: `Bearer ${first.token}`});
    expect(list.status).toBe(200);
    expect(JSON.parse(list.body)).toMatchObject({object: 'list', data: []});
    expect((await get('/v1/apps/secrets?scope[type]=account')).status).toBe(401);
  });
});
