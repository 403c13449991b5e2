import {request} from 'node:http';
import {join, resolve} from 'node:path';
import {loadApp} from '../../dashboard/app';
import type {Bundler} from '../../dashboard/bundle';
import {createEvents} from '../../dashboard/server/events';
import {createRouter} from '../../dashboard/server/router';
import {serve, type Served} from '../../platform/serve';

/**
 * `npm start` prints the URL before the views are built, so the page's server answers while they build: the page's
 * head at once (the browser starts loading the page's script and the views frame), and what needs the build — the
 * rest of the page (its config names the build's errors) and the two scripts — once it is done. Driven over real
 * HTTP with a build this test finishes when it chooses.
 */
const FETCHER = join(resolve(__dirname, '..', '..', '..'), 'local', 'test', 'e2e', 'fixtures', 'fetcher');

let served: Served;
let finishBuild: (bundler: Pick<Bundler, 'page' | 'worker' | 'errors'>) => void;
let failBuild: (err: Error) => void;

beforeEach(async () => {
  const bundler = new Promise<Pick<Bundler, 'page' | 'worker' | 'errors'>>((done, fail) => {
    finishBuild = done;
    failBuild = fail;
  });
  // As start.ts does: a failed start is the start's to report, not an unhandled rejection.
  bundler.catch(() => undefined);
  served = await serve({port: 0});
  const app = loadApp(FETCHER);
  served.handle(
    createRouter({
      origin: served.url,
      port: served.port,
      emulatorUrl: 'http://127.0.0.1:1',
      bundler,
      sessions: {issuePage: () => 'page-token', answer: () => Promise.resolve({status: 400, body: {error: 'x'}})},
      events: createEvents(),
      pageConfig: () => ({
        app: {...app, viewFiles: Object.keys(app.viewFiles)},
        oauth: null,
      }),
    }),
  );
});

afterEach(async () => {
  await served.close();
});

/** A GET that reports each chunk as it arrives; resolves with the whole body. */
function get(
  path: string,
  onChunk: (text: string) => void = () => undefined,
  host = `127.0.0.1:${served.port}`,
): Promise<{status: number; body: string}> {
  return new Promise((done, fail) => {
    const req = request({host: '127.0.0.1', port: served.port, path, headers: {Host: host}}, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
        onChunk(body);
      });
      res.on('end', () => done({status: res.statusCode ?? 0, body}));
    });
    req.on('error', fail);
    req.end();
  });
}

test('the head comes at once, with the page script and the views frame; the rest once the views are built', async () => {
  let headSeen: () => void;
  const head = new Promise<void>((done) => (headSeen = done));
  const page = get('/?page=home&user=usr_ada&mode=test', (text) => {
    if (text.includes('</head>')) headSeen();
  });
  await head;
  // Nothing of the build yet: the page is still open, its config not sent.
  let ended = false;
  void page.then(() => (ended = true));
  const worker = get('/__dashboard/worker.js', undefined, `localhost:${served.port}`);
  await new Promise((tick) => setImmediate(tick));
  expect(ended).toBe(false);

  finishBuild({page: () => 'page code', worker: () => 'worker code', errors: () => ['one build error']});
  const {status, body} = await page;
  expect(status).toBe(200);
  expect(body.indexOf('<script src="/__dashboard/page.js" defer></script>')).toBeLessThan(body.indexOf('</head>'));
  expect(body).toContain('id="ld-views-frame"');
  const config = JSON.parse(/<script id="ld-config" type="application\/json">(.*?)<\/script>/s.exec(body)?.[1] ?? '{}');
  expect(config.buildErrors).toEqual(['one build error']);
  expect(config.page.token).toBe('page-token');
  expect(await worker).toEqual({status: 200, body: 'worker code'});
  expect(await get('/__dashboard/page.js')).toEqual({status: 200, body: 'page code'});
});

test('a start that fails while the page waits ends it, and the scripts say so', async () => {
  const page = get('/');
  const script = get('/__dashboard/page.js');
  failBuild(new Error('the views did not build'));
  expect((await page).body).not.toContain('ld-config');
  expect(await script).toEqual({status: 503, body: 'The local Dashboard could not start.'});
});
