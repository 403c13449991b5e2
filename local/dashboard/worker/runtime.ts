import {createElement, type ComponentType} from 'react';
import {createEndpoint, retain, type MessageEndpoint} from '@remote-ui/rpc';
import {createRemoteRoot, type RemoteChannel} from '@remote-ui/core';
import {render} from '@remote-ui/react';
import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import {isAllowedByConnectSrc} from '../../platform/host';
import {blockedFetchMessage, violationMessage} from './blocked';
import {createExtensionRouter} from './router';

/**
 * The extension side of the local Dashboard, running in a Web Worker like the Dashboard's sandbox. The generated entry
 * imports each manifest view and calls `startWorker`. The page calls `render` with the view's name, its context props
 * and the receiver's channel; the SDK reaches the platform RPCs the page exposes through `__StripeExtExports.endpoint`.
 *
 * The worker runs on the views origin, not the page's (see server/router.ts), under the Content-Security-Policy built
 * from the manifest (server/csp.ts): the browser blocks every request outside `connect-src`. The page and the worker
 * talk over one MessagePort, which the frame that starts the worker hands it in its first message.
 */

export interface RenderRequest {
  component: string;
  context: ExtensionContextValue;
  /** The manifest's `connect-src` (null: none, so every fetch is blocked). */
  connectSrc: string[] | null;
  /** The full page's route and search parameters; absent for every other viewport (the router then has no href). */
  appHref?: string;
  appSearch?: Record<string, unknown>;
}

/** What the page exposes besides the platform RPCs: where the worker reports what the person must see. */
export interface HostNotices {
  reportBlockedFetch(message: string): void;
  reportError(message: string): void;
  /** The full page moved to another of its routes (`replace`: no new history entry). */
  reportHref(href: string, searchParams: Record<string, unknown>, replace: boolean): void;
}

export interface WorkerApi {
  render(request: RenderRequest, channel: RemoteChannel): Promise<void>;
}

/**
 * The endpoint over the port the frame hands the worker in its first message. Until it comes, what the worker sends
 * waits, in order; listeners are added to the port when it arrives.
 */
function portFromFrame(scope: {
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}): MessageEndpoint {
  const port = new Promise<MessagePort>((resolve) => {
    const take = (event: MessageEvent) => {
      const [given] = event.ports;
      if (!given) return;
      scope.removeEventListener('message', take);
      given.start();
      resolve(given);
    };
    scope.addEventListener('message', take);
  });
  return {
    postMessage: (message: unknown, transfer?: Transferable[]) =>
      void port.then((p) => p.postMessage(message, transfer ?? [])),
    addEventListener: (_type, listener) => void port.then((p) => p.addEventListener('message', listener)),
    removeEventListener: (_type, listener) => void port.then((p) => p.removeEventListener('message', listener)),
    terminate: () => void port.then((p) => p.close()),
  };
}

function requestUrl(input: unknown): string {
  if (typeof input === 'string') return input;
  if (input instanceof URL) return input.href;
  if (
    typeof input === 'object' &&
    input !== null &&
    'url' in input &&
    typeof (input as {url: unknown}).url === 'string'
  ) {
    return (input as {url: string}).url;
  }
  return String(input);
}

export function startWorker(views: Record<string, ComponentType<ExtensionContextValue>>): void {
  const scope = globalThis as unknown as Parameters<typeof portFromFrame>[0] & {
    fetch: typeof fetch;
    __StripeExtExports?: unknown;
    location: {href: string};
  };
  const endpoint = createEndpoint<HostNotices>(portFromFrame(scope));
  scope.__StripeExtExports = {endpoint};

  let connectSrc: string[] | null = null;
  const realFetch = scope.fetch.bind(scope);
  // The Dashboard's sandbox enforces connect-src; `stripe apps start` does not (stripe/stripe-apps #724). Here the
  // browser enforces it (the worker's Content-Security-Policy); this check only gives a plain fetch its clear
  // rejection.
  scope.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    const target = requestUrl(input);
    let absolute: string;
    try {
      absolute = new URL(target, scope.location.href).href;
    } catch {
      absolute = target;
    }
    if (!isAllowedByConnectSrc(absolute, connectSrc)) {
      const message = blockedFetchMessage(absolute);
      void endpoint.call.reportBlockedFetch(message);
      return Promise.reject(new TypeError(message));
    }
    return realFetch(input, init);
  }) as typeof fetch;

  // Whatever the browser blocked (XMLHttpRequest, EventSource, importScripts, a fetch past the check above), said
  // plainly.
  globalThis.addEventListener('securitypolicyviolation', (event) => {
    const {effectiveDirective, blockedURI} = event as SecurityPolicyViolationEvent;
    const message = violationMessage(effectiveDirective, blockedURI);
    if (message) void endpoint.call.reportBlockedFetch(message);
  });
  const report = (message: string) => void endpoint.call.reportError(message);
  globalThis.addEventListener('error', (event) => report(event.message || 'An error was thrown in the view'));
  globalThis.addEventListener('unhandledrejection', (event) => {
    const reason = (event as PromiseRejectionEvent).reason as unknown;
    report(reason instanceof Error ? `${reason.name}: ${reason.message}` : 'A promise was rejected in the view');
  });

  const api: WorkerApi = {
    async render(request, channel) {
      // Functions received over RPC are released after the call unless retained; the channel lives as long as the view.
      retain(channel);
      connectSrc = request.connectSrc;
      // The SDK's navigation module reads the router from here; every view may use it (createAppRoute in a drawer).
      (globalThis as {__extRouter?: unknown}).__extRouter = createExtensionRouter(
        {href: request.appHref, searchParams: request.appSearch},
        (href, searchParams, replace) => void endpoint.call.reportHref(href, {...searchParams}, replace),
      );
      const View = Object.prototype.hasOwnProperty.call(views, request.component)
        ? views[request.component]
        : undefined;
      if (!View) throw new Error(`The worker bundle has no view named ${request.component}`);
      const remoteRoot = createRemoteRoot(channel);
      render(createElement(View, request.context), remoteRoot, () => remoteRoot.mount());
    },
  };
  endpoint.expose(api as unknown as Record<string, (...args: unknown[]) => unknown>);
}
