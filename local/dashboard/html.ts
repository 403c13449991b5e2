import {createHash} from 'node:crypto';
import type {ManifestView} from './navigation';
import {PRESTARTED_FRAME} from './page/frame-id';
import {STYLES} from './page/styles';

/** What the server tells the page about the app (no secrets: sessions are fetched per user and mode). */
export interface PageConfig {
  app: {
    id: string;
    name: string;
    version: string;
    dir: string;
    views: ManifestView[];
    /** Components the worker bundle holds. */
    viewFiles: string[];
    missingViews: string[];
    permissions: string[];
    connectSrc: string[] | null;
    imageSrc: string[] | null;
    constants: unknown;
  };
  oauth: {url: string} | null;
  buildErrors: string[];
  /** This page's own: the token its session requests carry, and the origin its views run on. */
  page: {token: string; viewsOrigin: string};
}

/** JSON inside a script element: `<` escaped so no value can close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The page in two parts, so the server can send the first at once and the second once the views are built: the head
 * (styles, the page's script, deferred, and the prestarted views frame: their loads start while the views build) and
 * the rest (the root and the config, which names the build's errors). The script runs once the whole page is parsed.
 */
export function renderHead(app: {name: string}, viewsOrigin: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(app.name)} · Local Dashboard</title>
<style>${STYLES}</style>
<script src="/__dashboard/page.js" defer></script>
</head>
<body>
<iframe id="${PRESTARTED_FRAME}" src="${escapeHtml(viewsOrigin)}/__dashboard/views" sandbox="allow-scripts allow-same-origin" hidden aria-hidden="true"></iframe>
`;
}

export function renderTail(config: PageConfig): string {
  return `<div id="root"><div class="ld-booting">Starting the local Dashboard…</div></div>
<script id="ld-config" type="application/json">${scriptJson(config)}</script>
</body>
</html>`;
}

export function renderHtml(config: PageConfig): string {
  return renderHead(config.app, config.page.viewsOrigin) + renderTail(config);
}

/**
 * The views origin's one document: a frame the page embeds per view. Its script starts the view's Web Worker from the
 * views origin at once, so the app's bundle loads while the page is still starting, and hands it the port the page
 * sends (only a message from the Dashboard page counts); the worker holds nothing and runs no view until then. The
 * frame tells the page it is ready when it loads, and again when the page asks (`hello`): a page whose script runs
 * after the frame loaded asks. So the page and the worker talk over that channel alone; the frame holds nothing and is
 * told nothing else.
 */
export function renderViewsFrame(dashboardOrigin: string): {html: string; scriptHash: string} {
  const script = `(() => {
  const dashboard = ${JSON.stringify(dashboardOrigin)};
  const worker = new Worker('/__dashboard/worker.js');
  let started = false;
  addEventListener('message', (event) => {
    if (event.source !== parent || event.origin !== dashboard) return;
    if (event.data === 'hello') {
      parent.postMessage('views-frame-ready', dashboard);
      return;
    }
    if (started || event.data !== 'remote-ui' || event.ports.length !== 1) return;
    started = true;
    worker.postMessage('remote-ui', [event.ports[0]]);
  });
  parent.postMessage('views-frame-ready', dashboard);
})();`;
  const scriptHash = `sha256-${createHash('sha256').update(script).digest('base64')}`;
  return {
    html: `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Views</title><script>${script}</script></head><body></body></html>`,
    scriptHash,
  };
}
