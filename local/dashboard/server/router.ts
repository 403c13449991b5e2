import type {RequestListener, ServerResponse} from 'node:http';
import type {Bundler} from '../bundle';
import {renderHtml, type PageConfig} from '../html';
import type {Events} from './events';
import {canonicalRedirect, originFormTarget, proxyToEmulator} from './proxy';
import type {Sessions} from './sessions';

/**
 * The page server is one pipeline, in this order:
 *   host check → origin-form target → canonical origin → `/v1/*` to the emulator → GET/HEAD only → route.
 * The routes: the two bundles, a Dashboard session, the event stream, and the page itself at `/` and at the OAuth
 * return paths (`/apps-oauth/<app id>`, `/test/apps-oauth/<app id>`). Anything else is 404.
 */

export interface RouterDeps {
  /** `http://127.0.0.1:<port>`: the only origin the page works from. */
  origin: string;
  port: number;
  emulatorUrl: string;
  bundler: Pick<Bundler, 'page' | 'worker' | 'errors'>;
  sessions: Pick<Sessions, 'answer'>;
  events: Pick<Events, 'connect'>;
  /** What the page is told about the app, as it is now (the manifest may have changed). */
  pageConfig: () => PageConfig;
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff'});
  res.end(body);
}

const PAGE_PATH = /^\/(test\/)?apps-oauth\/[^/]+$/;

export function createRouter(deps: RouterDeps): RequestListener {
  const {origin, port, bundler} = deps;
  // DNS rebinding: only this machine's names for this server.
  const allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  return (req, res) => {
    if (!allowedHosts.has(req.headers.host ?? '')) {
      send(res, 421, 'text/plain', 'Misdirected request');
      return;
    }
    // Only a path on this server: an absolute or protocol-relative target would make /v1 forward to another host.
    const url = originFormTarget(req.url, origin);
    if (!url) {
      send(res, 400, 'text/plain', 'Bad request: the request target must be a path on this server.');
      return;
    }
    const canonical = canonicalRedirect(req.headers.host, port, origin, url);
    if (canonical) {
      res.writeHead(308, {Location: canonical, 'Cache-Control': 'no-store'});
      res.end();
      return;
    }
    const path = url.pathname;
    if (path.startsWith('/v1/')) {
      proxyToEmulator(req, res, deps.emulatorUrl, url);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'text/plain', 'Method not allowed');
      return;
    }
    if (path === '/__dashboard/page.js' || path === '/__dashboard/worker.js') {
      const code = path === '/__dashboard/page.js' ? bundler.page() : bundler.worker();
      if (code === undefined) send(res, 500, 'text/javascript', `console.error(${JSON.stringify(bundler.errors().join('\n'))});`);
      else send(res, 200, 'text/javascript; charset=utf-8', code);
      return;
    }
    if (path === '/__dashboard/session') {
      void deps.sessions.answer(url.searchParams).then(({status, body}) => send(res, status, 'application/json', JSON.stringify(body)));
      return;
    }
    if (path === '/__dashboard/events') {
      deps.events.connect(req, res);
      return;
    }
    if (path === '/favicon.ico') {
      send(res, 204, 'text/plain', '');
      return;
    }
    if (path === '/' || PAGE_PATH.test(path)) {
      send(res, 200, 'text/html; charset=utf-8', renderHtml(deps.pageConfig()));
      return;
    }
    send(res, 404, 'text/plain', 'Not found');
  };
}
