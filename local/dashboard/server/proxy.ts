import {request as httpRequest, type IncomingMessage, type ServerResponse} from 'node:http';

/**
 * What the page server does before routing, and its one forward: the request target is read in origin form only
 * (`/path?query`), the page has one canonical origin, and `/v1/*` goes to the emulator's own origin with the parsed
 * path and query, never to a host named by the request. Cookies are not forwarded: they ignore ports, so the page
 * server receives those of every other app on 127.0.0.1.
 */

/** Headers the Secret Store needs; nothing else crosses (no Cookie, no Host, no Origin). */
const FORWARDED = [
  'accept',
  'authorization',
  'content-length',
  'content-type',
  'idempotency-key',
  'stripe-account',
  'stripe-version',
  'transfer-encoding',
  'user-agent',
];

/**
 * The request's path and query, or undefined for anything but origin form: an absolute-form target
 * (`http://host:port/…`), a protocol-relative one (`//host:port/…`), a backslash that URL parsing turns into one
 * (`/\host/…`), or `*`.
 */
export function originFormTarget(rawTarget: string | undefined, origin: string): URL | undefined {
  const target = rawTarget ?? '/';
  if (!target.startsWith('/') || target.startsWith('//') || target.includes('\\')) return undefined;
  const url = new URL(target, origin);
  return url.origin === origin ? url : undefined;
}

/**
 * The page works from one origin only: the provider sends the person back to the Dashboard's 127.0.0.1 URL, and the
 * PKCE verifier waits in that origin's sessionStorage. A request to the same port by another loopback name is sent
 * there.
 */
export function canonicalRedirect(
  host: string | undefined,
  port: number,
  origin: string,
  target: URL,
): string | undefined {
  if (host === undefined || host === new URL(origin).host) return undefined;
  const name = host.toLowerCase();
  if (name === `localhost:${port}` || name === `[::1]:${port}`) return `${origin}${target.pathname}${target.search}`;
  return undefined;
}

/** Forwards one request to the emulator: its origin, the parsed path and query, the allowed headers and the body. */
export function proxyToEmulator(req: IncomingMessage, res: ServerResponse, emulatorUrl: string, target: URL): void {
  const upstreamUrl = new URL(emulatorUrl);
  upstreamUrl.pathname = target.pathname;
  upstreamUrl.search = target.search;
  const headers: Record<string, string | string[]> = {host: upstreamUrl.host};
  for (const name of FORWARDED) {
    const value = req.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  const upstream = httpRequest(upstreamUrl, {method: req.method, headers}, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', () => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.writeHead(502, {'Content-Type': 'application/json', 'Cache-Control': 'no-store'});
    res.end(JSON.stringify({error: {type: 'api_error', message: 'The Secret Store emulator is not answering.'}}));
  });
  req.pipe(upstream);
}
