import type {RequestListener} from 'node:http';
import type Provider from 'oidc-provider';
import {INTERACTION_PREFIX} from './configuration';
import {handleInteraction, sendHtml} from './interaction';
import {createKeyCheck} from './key-check';
import {messagePage} from './pages';

/**
 * The provider's request pipeline, in this order:
 *   request log → host check → CORS preflight → the third party's key check (key-check.ts), the login and consent
 *   pages, or oidc-provider for the rest.
 */

export interface FrontDeps {
  oidc: Provider;
  /** `127.0.0.1:<port>`: any other Host is refused (DNS rebinding, a spoofed issuer in discovery). */
  ownHost: string;
  /** The origins CORS answers (see corsOrigins). */
  allowedOrigins: Set<string>;
  /** One line per request: method, path, status, time. */
  log?: (line: string) => void;
}

export function createFront({oidc, ownHost, allowedOrigins, log}: FrontDeps): RequestListener {
  const providerCallback = oidc.callback();
  const keyCheck = createKeyCheck();
  return (req, res) => {
    const started = performance.now();
    const pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    // Never the query string: an authorization response or request carries a code, a state or a challenge there.
    res.on('finish', () =>
      log?.(`${req.method} ${pathname} → ${res.statusCode} ${(performance.now() - started).toFixed(1)} ms`),
    );
    if (req.headers.host !== ownHost) {
      res.writeHead(421, {'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store'});
      res.end(`Misdirected request: this provider answers only http://${ownHost}.\n`);
      return;
    }
    // oidc-provider answers every preflight; one from an origin it would refuse gets no CORS headers, so the browser
    // never sends the request itself.
    const origin = req.headers.origin;
    if (req.method === 'OPTIONS' && origin !== undefined && !allowedOrigins.has(origin)) {
      res.writeHead(204, {'Cache-Control': 'no-store', Vary: 'Origin'});
      res.end();
      return;
    }
    if (keyCheck(req, res, pathname)) return;
    if (pathname.startsWith(INTERACTION_PREFIX)) {
      handleInteraction(oidc, req, res, pathname).catch(() => {
        if (!res.headersSent)
          sendHtml(res, 500, messagePage('Something went wrong', 'Go back to the app and choose Connect again.'));
        else res.end();
      });
      return;
    }
    providerCallback(req, res);
  };
}
