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

export const fn = (value: unknown): Callback | undefined => (typeof value === 'function' ? (value as Callback) : undefined);
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
export function pressEvent(event: {altKey: boolean; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; detail?: number}) {
  return {
    type: 'press',
    pointerType: event.detail === 0 ? 'keyboard' : 'mouse',
    altKey: event.altKey,
    ctrlKey: event.ctrlKey,
    metaKey: event.metaKey,
    shiftKey: event.shiftKey,
  };
}
