import type {ReactNode} from 'react';

/**
 * What every DOM component shares. Each receives the view's props after the boundary: callbacks are async proxies
 * into the worker, fragment props (ContextView `actions`, ListItem `value`, Banner `description` …) are ready React
 * nodes. Events passed back are plain objects, never DOM events.
 */

export type Props = Record<string, unknown> & {children?: ReactNode};
export type Callback = (...args: unknown[]) => unknown;

/** The SDK adds these to every component; they never reach the DOM. */
const META_PROPS = ['wrappedComponentName', 'sdkVersion', 'schemaVersion'];

export function strip(props: Props): Props {
  const out: Props = {};
  for (const [key, value] of Object.entries(props)) if (!META_PROPS.includes(key)) out[key] = value;
  return out;
}

export const fn = (value: unknown): Callback | undefined =>
  typeof value === 'function' ? (value as Callback) : undefined;
export const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
export const node = (value: unknown): ReactNode => value as ReactNode;

/**
 * Calls into the worker, when `callback` is a function; a failure there is the view's, reported by the worker, and
 * must not break the page.
 */
export function call(callback: unknown, ...args: unknown[]): void {
  if (typeof callback !== 'function') return;
  void Promise.resolve()
    .then(() => (callback as Callback)(...args))
    .catch(() => undefined);
}

/** A react-aria style press event, as plain data. */
export function pressEvent(event: {
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  detail?: number;
}) {
  return {
    type: 'press',
    pointerType: event.detail === 0 ? 'keyboard' : 'mouse',
    altKey: event.altKey,
    ctrlKey: event.ctrlKey,
    metaKey: event.metaKey,
    shiftKey: event.shiftKey,
  };
}

/**
 * Props are data, never code. React 18 renders `href="javascript:…"` as given (it only warns), so a view's link could
 * run script in the Dashboard page. Hrefs keep only what Stripe's Dashboard follows: `http:`, `https:` and relative
 * ones. The browser's own URL parser decides, so `" JaVa\tscript:"` and friends are read exactly as a click would read
 * them. Anything else is dropped, with a console warning naming the component and the scheme.
 */
const LINK_PROTOCOLS = new Set(['http:', 'https:']);
const warned = new Set<string>();

function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  console.warn(message);
}

export function safeHref(component: string, href: unknown): string | undefined {
  if (typeof href !== 'string') return undefined;
  let protocol: string;
  try {
    protocol = new URL(href, window.location.href).protocol;
  } catch {
    warnOnce(`${component}: href dropped: it is not a URL. Links may be http:, https: or relative.`);
    return undefined;
  }
  if (LINK_PROTOCOLS.has(protocol)) return href;
  warnOnce(`${component}: href with ${protocol.slice(0, 40)} dropped: links may be http:, https: or relative.`);
  return undefined;
}

/**
 * The four targets the SDK's types allow. `_blank` opens a tab (without `opener`: see safeRel). `_self`, `_top` and
 * `_parent` all name the Dashboard's own tab, as a link without a target does: the page is embedded by no one
 * (`frame-ancestors 'none'`), so they are rendered as `_self`. Any other name could reach a window the user has open
 * under that name: dropped, with a warning.
 */
export function safeTarget(component: string, target: unknown): '_blank' | '_self' | undefined {
  if (target === undefined || target === null) return undefined;
  if (target === '_blank') return target;
  if (target === '_self' || target === '_top' || target === '_parent') return '_self';
  warnOnce(
    `${component}: target ${JSON.stringify(String(target)).slice(0, 40)} dropped: links may target _blank, _self, _top or _parent.`,
  );
  return undefined;
}

/**
 * A new tab never gets `window.opener` (tab-nabbing: the app's page could move the Dashboard's tab) nor the Referer.
 * Other `rel` words a view gives are kept, except `opener`.
 */
export function safeRel(target: string | undefined, rel: unknown): string | undefined {
  const words = (typeof rel === 'string' ? rel.split(/\s+/) : []).filter(
    (w) => w && !/^(opener|noopener|noreferrer)$/i.test(w),
  );
  if (target === '_blank') words.push('noopener', 'noreferrer');
  return words.length ? words.join(' ') : undefined;
}
