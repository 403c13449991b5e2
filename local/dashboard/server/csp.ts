/**
 * The Content Security Policies the browser enforces on a previewed app, built from the manifest's
 * `content_security_policy`: `connect-src` for every request the views' Web Worker makes (fetch, XMLHttpRequest,
 * EventSource, WebSocket, however reached), `image-src` for the images the page renders for them. Each policy allows
 * only what the local Dashboard itself needs besides; the browser blocks the rest, whatever JavaScript a view runs.
 */

/**
 * A manifest entry as a CSP source, or undefined when it is not a plain http(s) URL: whitespace, `;` or `,` would end
 * the source list or the policy and let a manifest write directives of its own; quotes would make it a keyword.
 */
export function cspSource(entry: unknown): string | undefined {
  if (typeof entry !== 'string' || !/^https?:\/\/[^\s;,'"]+$/i.test(entry)) return undefined;
  try {
    new URL(entry);
  } catch {
    return undefined;
  }
  return entry;
}

function sourceList(entries: readonly string[] | null | undefined, extra: readonly string[] = []): string {
  const sources = [...extra, ...(entries ?? []).map(cspSource).filter((s): s is string => s !== undefined)];
  return sources.length ? sources.join(' ') : "'none'";
}

/**
 * The views' Web Worker (served from the views origin): requests only to `connect-src`; no script from anywhere
 * (`importScripts`), as the view's code is all in its bundle. `eval` stays allowed: it reaches nothing the bundle
 * cannot, and some libraries compile templates with it.
 */
export function workerPolicy(connectSrc: readonly string[] | null | undefined): string {
  return [`default-src 'none'`, `script-src 'unsafe-eval'`, `connect-src ${sourceList(connectSrc)}`].join('; ');
}

/**
 * The views origin's one document, the frame that starts the worker: its own inline script (by hash) and the worker
 * script, nothing else; only the Dashboard page may embed it.
 */
export function viewsFramePolicy(scriptHash: string, dashboardOrigin: string): string {
  return [
    `default-src 'none'`,
    `script-src '${scriptHash}'`,
    `worker-src 'self'`,
    `base-uri 'none'`,
    `form-action 'none'`,
    `frame-ancestors ${dashboardOrigin}`,
  ].join('; ');
}

/**
 * The Dashboard page: its own script, styles and requests; images only from `image-src` (an `Img` or a brand icon a
 * view names; `data:` images carry nothing out); frames only from the views origin; embedded by no one.
 */
export function pagePolicy(imageSrc: readonly string[] | null | undefined, viewsOrigin: string): string {
  return [
    `default-src 'self'`,
    `script-src 'self'`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src ${sourceList(imageSrc, ['data:'])}`,
    `connect-src 'self'`,
    `frame-src ${viewsOrigin}`,
    `worker-src 'none'`,
    `object-src 'none'`,
    `base-uri 'none'`,
    `frame-ancestors 'none'`,
  ].join('; ');
}
