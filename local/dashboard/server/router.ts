import {createHash} from 'node:crypto';
import type {IncomingMessage, RequestListener, ServerResponse} from 'node:http';
import type {Bundler} from '../bundle';
import {parseLocation, oauthReturnMode} from '../navigation';
import {renderHead, renderTail, renderViewsFrame, type PageConfig} from '../html';
import {pagePolicy, viewsFramePolicy, workerPolicy} from './csp';
import type {Events} from './events';
import {canonicalRedirect, originFormTarget, proxyToEmulator} from './proxy';
import type {Sessions} from './sessions';

/**
 * The page server is one pipeline, in this order:
 *   host check → origin-form target → views origin → canonical origin → `/v1/*` to the emulator → GET/HEAD only
 *   → route.
 * The routes: the page's bundle, a Dashboard session, the event stream, and the page itself at `/` and at the OAuth
 * return paths (`/apps-oauth/<app id>`, `/test/apps-oauth/<app id>`). Anything else is 404.
 *
 * The views run on another origin, `http://localhost:<port>` (the views origin): the same server, another site to the
 * browser, so a view's Web Worker shares no cookies, storage or same-origin requests with the page. That origin serves
 * only the frame that starts the worker and the worker's script, each with the Content-Security-Policy built from the
 * manifest (csp.ts); everything else asked of it goes to the canonical origin, as before.
 */

export interface RouterDeps {
  /** `http://127.0.0.1:<port>`: the only origin the page works from. */
  origin: string;
  port: number;
  emulatorUrl: string;
  /**
   * The bundles, once their first builds are done (the server answers before that): the two scripts, and the page's
   * part after its head (the config names the build's errors), wait for them. Rejects when the start failed.
   */
  bundler: Promise<Pick<Bundler, 'page' | 'worker' | 'errors'>>;
  sessions: Pick<Sessions, 'answer' | 'issuePage'>;
  events: Pick<Events, 'connect'>;
  /** What the page is told about the app, as it is now (the manifest may have changed); the build's errors aside. */
  pageConfig: () => Omit<PageConfig, 'page' | 'buildErrors'>;
}

/** The origin previewed views run on: another host name for this server, so another site to the browser. */
export function viewsOriginFor(port: number): string {
  return `http://localhost:${port}`;
}

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(body);
}

// The ETags of the last few bundles served (the page's and the worker's, before and after a rebuild).
const tags = new Map<string, string>();

/**
 * A bundle, revalidated instead of refetched: its ETag is a hash of the code, and `no-cache` makes the browser ask each
 * time, so a rebuild is seen on the next load while an unchanged bundle comes from the browser's cache, its compiled
 * code included. Every page navigation starts a new views worker; reparsing the development build each time was most
 * of a navigation's cost.
 */
function sendBundle(req: IncomingMessage, res: ServerResponse, code: string, headers: Record<string, string> = {}) {
  let tag = tags.get(code);
  if (tag === undefined) {
    tag = `"${createHash('sha256').update(code).digest('base64url')}"`;
    if (tags.size >= 4) tags.delete(tags.keys().next().value as string);
    tags.set(code, tag);
  }
  const cache = {'Cache-Control': 'no-cache', ETag: tag};
  if (req.headers['if-none-match'] === tag) {
    res.writeHead(304, {...cache, ...headers});
    res.end();
    return;
  }
  send(res, 200, 'text/javascript; charset=utf-8', code, {...headers, ...cache});
}

/**
 * A session request from the page itself: a same-origin fetch (browsers send `Sec-Fetch-Site`; a view on the views
 * origin, or any other site, is `cross-site`) carrying the page's own token. The token is what binds the user and mode.
 */
function pageToken(req: IncomingMessage, origin: string): string | undefined {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return undefined;
  if (req.headers.origin !== undefined && req.headers.origin !== origin) return undefined;
  const token = req.headers['x-dashboard-page'];
  return typeof token === 'string' && token.length > 0 ? token : undefined;
}

const PAGE_PATH = /^\/(test\/)?apps-oauth\/[^/]+$/;

/** Answers once the bundles are built; a start that failed answers 503 (the server is closing). */
function whenBuilt(
  deps: RouterDeps,
  res: ServerResponse,
  answer: (bundler: Awaited<RouterDeps['bundler']>) => void,
): void {
  deps.bundler.then(answer, () => {
    if (!res.headersSent) send(res, 503, 'text/plain', 'The local Dashboard could not start.');
    else res.end();
  });
}

/** A bundle, or the build's errors for the console when it has none. */
function sendScript(
  req: IncomingMessage,
  res: ServerResponse,
  code: string | undefined,
  errors: string[],
  headers: Record<string, string> = {},
) {
  if (code === undefined)
    send(res, 500, 'text/javascript', `console.error(${JSON.stringify(errors.join('\n'))});`, headers);
  else sendBundle(req, res, code, headers);
}

export function createRouter(deps: RouterDeps): RequestListener {
  const {origin, port} = deps;
  const viewsOrigin = viewsOriginFor(port);
  const viewsHost = new URL(viewsOrigin).host;
  // DNS rebinding: only this machine's names for this server.
  const allowedHosts = new Set([`127.0.0.1:${port}`, viewsHost]);
  const frame = renderViewsFrame(origin);

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
    if (req.headers.host === viewsHost && (req.method === 'GET' || req.method === 'HEAD')) {
      if (url.pathname === '/__dashboard/views') {
        send(res, 200, 'text/html; charset=utf-8', frame.html, {
          'Content-Security-Policy': viewsFramePolicy(frame.scriptHash, origin),
        });
        return;
      }
      if (url.pathname === '/__dashboard/worker.js') {
        whenBuilt(deps, res, (bundler) =>
          sendScript(req, res, bundler.worker(), bundler.errors(), {
            'Content-Security-Policy': workerPolicy(deps.pageConfig().app.connectSrc),
          }),
        );
        return;
      }
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
    if (path === '/__dashboard/page.js') {
      whenBuilt(deps, res, (bundler) => sendScript(req, res, bundler.page(), bundler.errors()));
      return;
    }
    if (path === '/__dashboard/session') {
      void deps.sessions
        .answer(url.searchParams, pageToken(req, origin))
        .then(({status, body}) => send(res, status, 'application/json', JSON.stringify(body)));
      return;
    }
    if (path === '/__dashboard/events') {
      deps.events.connect(req, res);
      return;
    }
    if (path === '/favicon.ico') {
      // Empty and public: any origin may read it (a fixture app's connect-src names it).
      send(res, 204, 'text/plain', '', {'Access-Control-Allow-Origin': '*'});
      return;
    }
    if (path === '/' || PAGE_PATH.test(path)) {
      const config = deps.pageConfig();
      // The user and mode this page shows, as the page reads them; an OAuth return names its mode in the path only.
      const returnMode = oauthReturnMode(path, config.app.id);
      const shown = returnMode ? undefined : parseLocation(url.search);
      const page = {token: deps.sessions.issuePage(shown?.user.id, returnMode ?? shown?.mode ?? 'test'), viewsOrigin};
      // The head at once (the browser starts on the page's script and the views frame), the rest once built.
      res.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': pagePolicy(config.app.imageSrc, viewsOrigin),
      });
      res.write(renderHead(config.app, viewsOrigin));
      whenBuilt(deps, res, (bundler) =>
        res.end(renderTail({...deps.pageConfig(), buildErrors: bundler.errors(), page})),
      );
      return;
    }
    send(res, 404, 'text/plain', 'Not found');
  };
}
