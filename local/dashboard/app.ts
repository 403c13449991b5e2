import {existsSync} from 'node:fs';
import {join, resolve} from 'node:path';
import {loadManifest, type Manifest} from '../manifest/load';
import type {ManifestView} from './navigation';
import {checkManifestPaths} from './app-paths';

/**
 * The Stripe App the local Dashboard previews, read the way `stripe apps start --manifest stripe-app.local.json` reads
 * it: `stripe-app.json`, with `stripe-app.local.json` merged over it when present, and one file per view in
 * `src/views`. Nothing here knows about Keyring: any Stripe App project works.
 */

export const DEFAULT_DASHBOARD_PORT = 4242;
export const DEFAULT_PROVIDER_PORT = 4244;
export const DEFAULT_BACKEND_PORT = 4245;

export interface AppProject {
  dir: string;
  /** The manifest files read, in order of precedence (the local override first). */
  manifestFiles: string[];
  id: string;
  name: string;
  version: string;
  views: ManifestView[];
  /** Permission ids from the manifest (`secret_write`, …). */
  permissions: string[];
  /** `ui_extension.content_security_policy.connect-src`, or null when the manifest has none. */
  connectSrc: string[] | null;
  /** `ui_extension.content_security_policy.image-src`, or null when the manifest has none. */
  imageSrc: string[] | null;
  constants: unknown;
  /** Absolute path of each view's file, by component name. */
  viewFiles: Record<string, string>;
  /** Views whose file is missing: shown on the page instead of the view. */
  missingViews: string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const VIEW_EXTENSIONS = ['.tsx', '.ts', '.jsx', '.js'];

function findViewFile(dir: string, component: string): string | undefined {
  return VIEW_EXTENSIONS.map((ext) => join(dir, 'src', 'views', `${component}${ext}`)).find((file) => existsSync(file));
}

/**
 * The local manifest names the default ports (a dashboard on 4242, a provider on 4244). When the Dashboard runs on
 * other ports (`--port`, tests on free ports) every URL in `constants` and `connect-src` that starts with a default
 * origin is moved to the origin actually in use, so OAuth redirects and token calls reach the running servers.
 */
export type OriginMap = Record<string, string>;

function rewrite(value: unknown, origins: OriginMap): unknown {
  if (typeof value === 'string') {
    for (const [from, to] of Object.entries(origins)) {
      if (from !== to && (value === from || value.startsWith(`${from}/`))) return to + value.slice(from.length);
    }
    return value;
  }
  if (Array.isArray(value)) return value.map((item) => rewrite(item, origins));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v, origins)]));
  return value;
}

export function loadApp(dir: string, origins: OriginMap = {}): AppProject {
  const root = resolve(dir);
  const base = join(root, 'stripe-app.json');
  const local = join(root, 'stripe-app.local.json');
  if (!existsSync(base)) throw new Error(`No stripe-app.json in ${root}: --app must point at a Stripe App project.`);
  const manifestFiles = existsSync(local) ? [local, base] : [base];
  const manifest: Manifest = loadManifest(manifestFiles[0]);
  checkManifestPaths(manifest, manifestFiles[0]);

  const ui = isRecord(manifest.ui_extension) ? manifest.ui_extension : {};
  const views = (Array.isArray(ui.views) ? ui.views : [])
    .filter(
      (v): v is Record<string, unknown> =>
        isRecord(v) && typeof v.viewport === 'string' && typeof v.component === 'string',
    )
    .map((v) => ({viewport: v.viewport as string, component: v.component as string}));
  const csp = isRecord(ui.content_security_policy) ? ui.content_security_policy : undefined;
  const rawConnectSrc =
    csp && Array.isArray(csp['connect-src'])
      ? csp['connect-src'].filter((e): e is string => typeof e === 'string')
      : null;
  const rawImageSrc =
    csp && Array.isArray(csp['image-src']) ? csp['image-src'].filter((e): e is string => typeof e === 'string') : null;
  const permissions = (Array.isArray(manifest.permissions) ? manifest.permissions : [])
    .map((p) => (isRecord(p) && typeof p.permission === 'string' ? p.permission : undefined))
    .filter((p): p is string => p !== undefined);

  const viewFiles: Record<string, string> = {};
  const missingViews: string[] = [];
  for (const view of views) {
    if (view.component in viewFiles) continue;
    const file = findViewFile(root, view.component);
    if (file) viewFiles[view.component] = file;
    else missingViews.push(view.component);
  }

  return {
    dir: root,
    manifestFiles,
    id: typeof manifest.id === 'string' ? manifest.id : 'unnamed.app',
    name: typeof manifest.name === 'string' ? manifest.name : 'Unnamed app',
    version: typeof manifest.version === 'string' ? manifest.version : '0.0.0',
    views,
    permissions,
    connectSrc: rawConnectSrc === null ? null : (rewrite(rawConnectSrc, origins) as string[]),
    imageSrc: rawImageSrc === null ? null : (rewrite(rawImageSrc, origins) as string[]),
    constants: rewrite(manifest.constants ?? null, origins),
    viewFiles,
    missingViews,
  };
}

/** The redirect URLs the provider must allow for this app on this Dashboard (test and live). */
export function oauthRedirectUris(appId: string, dashboardOrigin: string): string[] {
  const id = encodeURIComponent(appId);
  return [`${dashboardOrigin}/test/apps-oauth/${id}`, `${dashboardOrigin}/apps-oauth/${id}`];
}
