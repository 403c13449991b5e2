import {createServer, type Server} from 'node:http';
import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {fixtureApp, type FixtureApp} from './fixture-apps';
import {openSession, view, type Session} from '../../testing/browser';

/**
 * Issue 16, items 1–3, attacked from a HOSTILE fixture app (fixtures/hostile-origin): signed in as Vic (view only,
 * test mode), its view tries to take Ada's live Dashboard session from the page server and to reach a server outside
 * connect-src with every network primitive a worker has, and with an image outside image-src. The beacon server below
 * counts what reaches it; it must count nothing, and the page must say what was blocked and which field to change.
 */
let beacon: Server;
let beaconOrigin: string;
const beaconHits: string[] = [];
let app: FixtureApp;
let session: Session;

beforeAll(async () => {
  beacon = createServer((req, res) => {
    beaconHits.push(`${req.method} ${new URL(req.url ?? '/', 'http://beacon').pathname}`);
    const type = req.url?.includes('eventsource')
      ? 'text/event-stream'
      : req.url?.endsWith('.js')
        ? 'text/javascript'
        : 'text/plain';
    res.writeHead(200, {'Content-Type': type, 'Access-Control-Allow-Origin': '*'});
    res.end(type === 'text/event-stream' ? 'data: hello\n\n' : '');
  });
  await new Promise<void>((done) => beacon.listen(0, '127.0.0.1', done));
  beaconOrigin = `http://127.0.0.1:${(beacon.address() as {port: number}).port}`;
  app = fixtureApp('hostile-origin');
  const manifest = join(app.dir, 'stripe-app.json');
  writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('BEACON_ORIGIN', beaconOrigin));
  session = await openSession({appDir: app.dir});
  await session.open({page: 'home', user: 'usr_vic', mode: 'test'});
  await view(session.page).getByText('attacks done').waitFor({timeout: 20_000});
});
afterAll(async () => {
  await session?.close();
  app?.remove();
  await new Promise((done) => beacon?.close(done));
});

const lines = async () => (await view(session.page).innerText()).split('\n').map((line) => line.trim());

test("the view's worker does not run on the Dashboard's origin", async () => {
  const origin = (await lines()).find((line) => line.startsWith('origin: '));
  expect(origin).toBe(`origin: http://localhost:${session.dashboard.port}`);
  expect(origin).not.toContain(session.dashboard.url);
});

test.each([
  'session by relative XHR',
  'session by absolute fetch',
  'session by stripeApiFetch dot segments',
  'session by stripeApiFetch encoded dots',
])("%s: Vic's view cannot have Ada's live session", async (attack) => {
  expect(await lines()).toContain(`${attack}: blocked`);
});

test("Vic's page itself is refused Ada's live session, and gets its own", async () => {
  const ask = (query: string) =>
    session.page.evaluate(async (q) => {
      const config = JSON.parse(document.getElementById('ld-config')?.textContent ?? '{}') as {page?: {token?: string}};
      const answer = await fetch(`/__dashboard/session?${q}`, {
        headers: {'X-Dashboard-Page': config.page?.token ?? ''},
      });
      return {status: answer.status, isSession: (await answer.text()).includes('dsess_')};
    }, query);
  expect(await ask('user=usr_ada&mode=live')).toEqual({status: 403, isSession: false});
  expect(await ask('user=usr_vic&mode=test')).toEqual({status: 200, isSession: true});
});

test.each(['XMLHttpRequest', 'EventSource', 'importScripts', 'WorkerGlobalScope.prototype.fetch'])(
  'a beacon by %s is blocked by the browser, before it leaves',
  async (primitive) => {
    expect(await lines()).toContain(`beacon by ${primitive}: blocked`);
    expect(beaconHits).toEqual([]);
  },
);

test('each blocked request and image is named on the page with the manifest field to change, and nothing reached the beacon', async () => {
  const notices = session.page.locator('[data-notice="blocked"]');
  await notices.filter({hasText: 'image-src'}).first().waitFor();
  await notices.filter({hasText: '/beacon/prototype-fetch'}).first().waitFor();
  const text = (await notices.allInnerTexts()).join('\n');
  expect(text).toContain(
    `a request (XMLHttpRequest, EventSource, WebSocket or fetch) to ${beaconOrigin}/beacon/xhr is not allowed by connect-src`,
  );
  expect(text).toContain(
    `Add "${beaconOrigin}/beacon/" (or "${beaconOrigin}/beacon/xhr") to ui_extension.content_security_policy.connect-src in stripe-app.json`,
  );
  expect(text).toContain(`${beaconOrigin}/beacon/eventsource is not allowed by connect-src`);
  expect(text).toContain(`importScripts(${beaconOrigin}/beacon/import.js)`);
  expect(text).toContain(`an image to ${beaconOrigin}/beacon/image.png is not allowed by image-src`);
  expect(text).toContain('to ui_extension.content_security_policy.image-src in stripe-app.json');
  expect(beaconHits).toEqual([]);
  // No session token reached the page's text or its console either.
  expect(text).not.toContain('dsess_');
  expect(session.consoleLines.some((line) => line.includes('dsess_'))).toBe(false);
});

test("the page's HTML starts one views frame, which its view takes; a page with no view drops it", async () => {
  const viewsOrigin = `http://localhost:${session.dashboard.port}`;
  const viewsFrames = () => session.page.frames().filter((frame) => frame.url().startsWith(viewsOrigin));
  // The drawer took the frame the HTML started (its worker loaded beside the page's script): one frame, no second.
  expect(viewsFrames()).toHaveLength(1);
  expect(await session.page.locator('iframe#ld-views-frame').count()).toBe(1);

  await session.page.goto(`${session.dashboard.url}/?page=settings&user=usr_vic&mode=test`);
  await session.page.getByText('This app has no settings view.').waitFor();
  await expect(session.page.locator('iframe').count()).resolves.toBe(0);
});
