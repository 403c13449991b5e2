import {Component, type ReactNode} from 'react';
import type {ToastOptions} from '@stripe/ui-extension-sdk/utils/toast';

/**
 * What the page does not trust in a view: everything the worker sends is data from a program the developer may not
 * have written. A render failure stays inside the view's boundary; oversized text is cut before React sees it; RPC
 * arguments are checked before the page uses them.
 */

/** The most characters of one text the page renders (a 20 MB string froze the page for ~10 s). */
export const MAX_TEXT = 100_000;

/**
 * Cuts every string longer than MAX_TEXT in a remote-ui message (text nodes, props, fragments), in place: the
 * message is the page's own copy, made by postMessage. `onCut` hears the original length of each.
 */
export function capStrings<T>(value: T, onCut: (length: number) => void, depth = 0): T {
  if (typeof value === 'string') {
    if (value.length <= MAX_TEXT) return value;
    onCut(value.length);
    // Never end on half a surrogate pair.
    const end = /[\uD800-\uDBFF]/.test(value.charAt(MAX_TEXT - 1)) ? MAX_TEXT - 1 : MAX_TEXT;
    return `${value.slice(0, end)}…` as T;
  }
  if (value === null || typeof value !== 'object' || depth > 500) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) value[i] = capStrings(value[i], onCut, depth + 1);
    return value;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) record[key] = capStrings(record[key], onCut, depth + 1);
  return value;
}

/** An error for the view: it arrives as the rejection of its RPC call, and the page carries on. */
function refuse(message: string): never {
  throw new TypeError(`The local Dashboard refused the call: ${message}`);
}

const TOAST_TYPES = new Set(['success', 'caution', 'pending']);

/** `showToast(message, options?)` as the SDK documents it: a string, and options of known shape. */
export function checkToast(message: unknown, options: unknown): ToastOptions | undefined {
  if (typeof message !== 'string') refuse(`showToast's message must be a string, not ${describe(message)}.`);
  if (options === undefined || options === null) return undefined;
  if (typeof options !== 'object' || Array.isArray(options))
    refuse(`showToast's options must be an object, not ${describe(options)}.`);
  const {type, action, onAction} = options as Record<string, unknown>;
  if (type !== undefined && !(typeof type === 'string' && TOAST_TYPES.has(type))) {
    refuse(`showToast's type must be one of ${[...TOAST_TYPES].join(', ')}, not ${describe(type)}.`);
  }
  if (action !== undefined && typeof action !== 'string')
    refuse(`showToast's action must be a string, not ${describe(action)}.`);
  if (onAction !== undefined && typeof onAction !== 'function')
    refuse(`showToast's onAction must be a function, not ${describe(onAction)}.`);
  return options as ToastOptions;
}

/** A message the page will show (reportError, reportBlockedFetch): a string, of a readable length. */
export function checkMessage(rpc: string, message: unknown): string {
  if (typeof message !== 'string') refuse(`${rpc} takes a string, not ${describe(message)}.`);
  return message.length > 2000 ? `${message.slice(0, 2000)}…` : message;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}

/**
 * One per view: a component that fails to render (an object as a Banner title, a function as a DataTable label) takes
 * down only this view. The rest of the page — the frame, the drawer, other views — goes on.
 */
export class ViewBoundary extends Component<
  {onError: (message: string) => void; children: ReactNode},
  {failed: boolean}
> {
  state = {failed: false};

  static getDerivedStateFromError(): {failed: boolean} {
    return {failed: true};
  }

  componentDidCatch(error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    this.props.onError(
      `A component could not be rendered with the props the view gave it (a prop shown as text or content was an object, a function or another value React cannot render): ${reason}`,
    );
  }

  render(): ReactNode {
    return this.state.failed ? null : this.props.children;
  }
}
