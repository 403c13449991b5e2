/**
 * What the person reads when the app's Content Security Policy blocked something a view asked for: what was blocked
 * and the manifest entry that would allow it. Shared by the worker (requests) and the page (images).
 */

/** The entry a `connect-src` needs to allow this URL: the URL's folder (children allowed by the trailing slash). */
export function suggestedEntry(url: URL): string {
  const folder = url.pathname.endsWith('/') ? url.pathname : url.pathname.slice(0, url.pathname.lastIndexOf('/') + 1);
  return `${url.origin}${folder}`;
}

/**
 * What the person reads when the app's policy blocks a request: what was blocked, and the manifest entry that would
 * allow it (`connect-src` for requests, `image-src` for images). `what` names the primitive: `fetch`, `a request`,
 * `an image`.
 */
export function blockedFetchMessage(
  target: string,
  what = 'fetch',
  field: 'connect-src' | 'image-src' = 'connect-src',
): string {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return `Blocked by the app's Content Security Policy: ${what} to ${target} is not an absolute URL listed in ${field}.`;
  }
  // Never repeat a query string or fragment: they can carry credentials.
  const shown = `${url.origin}${url.pathname}`;
  if (!/^https?:$/.test(url.protocol))
    return `Blocked by the app's Content Security Policy: ${what} to ${url.protocol} URLs is not allowed by ${field}.`;
  return (
    `Blocked by the app's Content Security Policy: ${what} to ${shown} is not allowed by ${field}. ` +
    `Add "${suggestedEntry(url)}" (or "${shown}") to ui_extension.content_security_policy.${field} in stripe-app.json.`
  );
}

/** The message for a violation the browser reported in the worker; undefined for one that needs none. */
export function violationMessage(directive: string, blockedURI: string): string | undefined {
  if (directive === 'connect-src')
    return blockedFetchMessage(blockedURI, 'a request (XMLHttpRequest, EventSource, WebSocket or fetch)');
  if (directive.startsWith('script-src') && /^https?:/.test(blockedURI)) {
    let shown = blockedURI;
    try {
      const url = new URL(blockedURI);
      shown = `${url.origin}${url.pathname}`;
    } catch {
      // not a URL: shown as the browser gave it
    }
    return `Blocked by the app's Content Security Policy: importScripts(${shown}). A view cannot load code from a server; bundle it with the view.`;
  }
  return undefined;
}
