import {useCallback, useEffect, useMemo, useRef, useState} from 'react';
import {createEndpoint, fromMessagePort} from '@remote-ui/rpc';
import {createController, createRemoteReceiver, RemoteRenderer} from '@remote-ui/react/host';
import type {RemoteChannel} from '@remote-ui/core';
import {dashboardContext} from '../../platform/context';
import {FULL_PAGE_VIEWPORT, type ObjectContext} from '../../platform/fixtures';
import {createPlatformHost, type VerifierStore} from '../../platform/host';
import {storageVerifiers} from '../../platform/verifier-store';
import type {DashboardLocation} from '../navigation';
import {blockedFetchMessage} from '../worker/blocked';
import type {HostNotices, WorkerApi} from '../worker/runtime';
import {COMPONENTS, componentFor, NavigationContext} from './components';
import {config, STORAGE, verifierPrefix} from './config';
import {PRESTARTED_FRAME} from './frame-id';
import {followAppHref, navigateRoute} from './location';
import {Notices, showToast, type Notice} from './toasts';
import {capStrings, checkMessage, checkToast, MAX_TEXT, ViewBoundary} from './view-limits';

/**
 * The host side of remote-ui for one view: it starts the view's Web Worker, exposes the platform RPCs to it (the one
 * implementation in local/platform/host.ts) with the context the Dashboard gives it, and renders what it sends with
 * the DOM components.
 *
 * The worker runs on the views origin (server/router.ts): a hidden frame from that origin starts it and hands it one
 * end of a MessageChannel whose other end is this host's endpoint, so the view reaches the page only through these
 * RPCs.
 */

/**
 * The frame the page's HTML started (html.ts), its worker already loading: the first view takes it; a page whose
 * views all took or declined theirs drops it (releasePrestartedFrame).
 */
let prestarted = document.getElementById(PRESTARTED_FRAME) as HTMLIFrameElement | null;

export function releasePrestartedFrame(): void {
  prestarted?.remove();
  prestarted = null;
}

/**
 * The views frame: the page's only way to start a worker on the views origin. Once the frame says it is ready (it
 * does when it loads, and when asked), it gets one end of a MessageChannel for its worker.
 */
function startViewsFrame(onPort: (port: MessagePort) => void): HTMLIFrameElement {
  let frame = prestarted;
  prestarted = null;
  if (!frame) {
    frame = document.createElement('iframe');
    frame.src = `${config.page.viewsOrigin}/__dashboard/views`;
    // Cross-origin already; the sandbox also keeps it from navigating the Dashboard or opening windows.
    frame.setAttribute('sandbox', 'allow-scripts allow-same-origin');
    frame.hidden = true;
    frame.setAttribute('aria-hidden', 'true');
    document.body.appendChild(frame);
  }
  const views = frame;
  const onReady = (event: MessageEvent) => {
    if (event.source !== views.contentWindow || event.origin !== config.page.viewsOrigin) return;
    if (event.data !== 'views-frame-ready') return;
    window.removeEventListener('message', onReady);
    const channel = new MessageChannel();
    views.contentWindow?.postMessage('remote-ui', config.page.viewsOrigin, [channel.port2]);
    onPort(channel.port1);
  };
  window.addEventListener('message', onReady);
  // A frame whose views document loaded before this ran is asked, and answers. One still on its first, blank document
  // says it is ready when it loads; it is not asked, since the message could not reach it (that document has the
  // page's origin, not the views origin) and Chromium logs an error for every such message. The blank document is
  // the page's own, so it is readable; the views document is another origin's, so `contentDocument` is null.
  if (views.contentDocument === null) views.contentWindow?.postMessage('hello', config.page.viewsOrigin);
  return views;
}

/**
 * PKCE verifiers survive the trip to the provider and back (the page reloads on the return), in whichever tab of the
 * user it ends; abandoned ones are cleared by age. As the page loads, every user's stale ones go, and those an older
 * page left in sessionStorage.
 */
storageVerifiers(localStorage, `${STORAGE}:verifier:`);
storageVerifiers(sessionStorage, `${STORAGE}:verifier:`);
const verifiersOf = (location: DashboardLocation): VerifierStore =>
  storageVerifiers(localStorage, verifierPrefix(location.user.id, location.mode));

export function ViewHost(props: {
  component: string;
  viewport: string;
  objectContext: ObjectContext | null;
  location: DashboardLocation;
  oauthReturn?: string;
}) {
  const isFullPage = props.viewport === FULL_PAGE_VIEWPORT;
  const receiver = useMemo(() => createRemoteReceiver(), []);
  const controller = useMemo(() => {
    const base = createController(COMPONENTS);
    return {...base, get: (type: unknown) => componentFor(String(type))};
  }, []);
  const [notices, setNotices] = useState<Notice[]>(
    config.buildErrors.map((message) => ({kind: 'build' as const, message})),
  );
  const {component, viewport, objectContext, location, oauthReturn} = props;
  const container = useRef<HTMLDivElement>(null);
  const onRenderError = useCallback((message: string) => {
    console.error(`View error: ${message}`);
    setNotices((current) =>
      current.some((n) => n.kind === 'error') ? current : [...current, {kind: 'error', message}],
    );
  }, []);

  useEffect(() => {
    // One failure can arrive twice (the render call's rejection and the worker's own report, "boom" and "Error: boom"):
    // messages are compared without the "Uncaught " and error-name prefixes, so it is shown once.
    const bare = (message: string) => message.replace(/^Uncaught /, '').replace(/^[A-Za-z]*Error: /, '');
    const add = (notice: Notice) =>
      setNotices((current) =>
        current.some((n) => n.kind === notice.kind && bare(n.message) === bare(notice.message))
          ? current
          : [...current, notice],
      );
    if (!config.app.viewFiles.includes(component)) {
      add({kind: 'build', message: `src/views/${component}.tsx is missing: the manifest names it for ${viewport}.`});
      return;
    }
    const onCut = (length: number) =>
      add({
        kind: 'truncated',
        message: `The view sent a text of ${length.toLocaleString('en-US')} characters; the local Dashboard shows its first ${MAX_TEXT.toLocaleString('en-US')}.`,
      });
    let stopped = false;
    let endpoint: ReturnType<typeof createEndpoint<WorkerApi>> | undefined;
    let frame: HTMLIFrameElement | undefined;
    const port = new Promise<MessagePort>((resolve) => {
      frame = startViewsFrame(resolve);
    });
    // An image the page's policy blocked inside this view (its image-src), said as plainly as a blocked fetch. React
    // sets an image's src before it is attached, so the browser reports at the document: the view is the one showing
    // it.
    const element = container.current;
    const onViolation = (event: SecurityPolicyViolationEvent) => {
      if (event.effectiveDirective !== 'img-src' || !element) return;
      const target = event.target instanceof Node && event.target !== document ? event.target : undefined;
      const shown = target
        ? element.contains(target)
        : [...element.querySelectorAll('img')].some((img) => img.src === event.blockedURI);
      if (!shown) return;
      const message = blockedFetchMessage(event.blockedURI, 'an image', 'image-src');
      console.error(message);
      add({kind: 'blocked', message});
    };
    document.addEventListener('securitypolicyviolation', onViolation);
    (async () => {
      const answer = await fetch(
        `/__dashboard/session?${new URLSearchParams({user: location.user.id, mode: location.mode}).toString()}`,
        {
          headers: {'X-Dashboard-Page': config.page.token},
        },
      );
      const body = (await answer.json()) as {token?: string; error?: string};
      if (!body.token) throw new Error(body.error ?? 'No Dashboard session');
      const host = createPlatformHost({
        emulatorUrl: window.location.origin,
        sessionToken: body.token,
        userEmail: location.user.email,
        permissions: config.app.permissions,
        connectSrc: config.app.connectSrc,
        verifiers: verifiersOf(location),
      });
      const oauthContext = oauthReturn ? host.completeOAuth(oauthReturn) : undefined;
      const notices: HostNotices = {
        reportBlockedFetch: (raw) => {
          const message = checkMessage('reportBlockedFetch', raw);
          console.error(message);
          add({kind: 'blocked', message});
        },
        reportError: (raw) => {
          const message = checkMessage('reportError', raw);
          console.error(`View error: ${message}`);
          add({kind: 'error', message});
        },
        reportHref: (href, searchParams, replace) => {
          if (typeof href !== 'string' || typeof searchParams !== 'object' || searchParams === null) return;
          if (isFullPage) followAppHref(location, href, searchParams, replace === true);
        },
      };
      const channel = await port;
      if (stopped) return;
      channel.start();
      endpoint = createEndpoint<WorkerApi>(fromMessagePort(channel));
      endpoint.expose(
        countCalls(element, {
          ...host.rpcs,
          // Stripe refuses Secret Store calls from an app without secret_write; the view shows its own error, the
          // page says why in words a developer can act on.
          stripeApiFetch: async (path: string, init?: Parameters<typeof host.rpcs.stripeApiFetch>[1]) => {
            const response = await host.rpcs.stripeApiFetch(path, init);
            const refusal = (response.json as {error?: {message?: unknown}} | undefined)?.error?.message;
            if (response.status >= 400 && typeof refusal === 'string' && refusal.includes('secret_write')) {
              const message =
                `Stripe refused ${init?.method ?? 'GET'} ${path.split('?')[0]}: ${refusal} ` +
                'Add {"permission": "secret_write", "purpose": "…"} to permissions in stripe-app.json.';
              console.error(message);
              add({kind: 'permission', message});
            }
            return response;
          },
          showToast: async (message: unknown, raw?: unknown) => {
            const options = checkToast(message, raw);
            if (typeof message !== 'string') return undefined;
            await host.rpcs.showToast(message, options);
            return showToast(message, options);
          },
          clipboardWriteText: async (text: unknown) => {
            if (typeof text !== 'string')
              throw new TypeError('The local Dashboard refused the call: clipboardWriteText takes a string.');
            await host.rpcs.clipboardWriteText(text);
            await navigator.clipboard?.writeText(text).catch(() => undefined);
          },
          navigateToDashboardRoute: (route: unknown) => navigateRoute(location, route),
          ...notices,
        } as unknown as Record<string, (...args: unknown[]) => unknown>),
      );
      if (stopped) return;
      const context = dashboardContext({
        user: location.user,
        mode: location.mode,
        viewportID: viewport,
        objectContext,
        constants: config.app.constants,
        permissions: config.app.permissions,
        connectSrc: config.app.connectSrc,
        oauthContext,
      });
      const route = isFullPage ? {appHref: location.appPath ?? '/', appSearch: location.appSearch} : {};
      // Every message of the view passes the text cap on its way to the receiver.
      const receive: RemoteChannel = (type, ...payload) => receiver.receive(type, ...capStrings(payload, onCut));
      await endpoint.call.render({component, context, connectSrc: config.app.connectSrc, ...route}, receive);
    })().catch((err: unknown) => add({kind: 'error', message: err instanceof Error ? err.message : String(err)}));
    return () => {
      stopped = true;
      document.removeEventListener('securitypolicyviolation', onViolation);
      endpoint?.terminate();
      // Removing the frame ends its worker.
      frame?.remove();
    };
  }, [component, viewport, objectContext, location, oauthReturn, receiver, isFullPage]);

  return (
    <NavigationContext.Provider value={(route) => navigateRoute(location, route)}>
      <Notices notices={notices} />
      <div ref={container} data-view={component} data-viewport={viewport} data-calls="0">
        <ViewBoundary key={component} onError={onRenderError}>
          <RemoteRenderer receiver={receiver} controller={controller} />
        </ViewBoundary>
      </div>
    </NavigationContext.Provider>
  );
}

/**
 * The view's calls to the host (Stripe API, signatures, toasts…) still unanswered, kept in the view's `data-calls`: a
 * browser test waits until a view has rendered and its calls are answered instead of sleeping for "a moment".
 */
function countCalls(
  element: HTMLElement | null,
  rpcs: Record<string, (...args: unknown[]) => unknown>,
): Record<string, (...args: unknown[]) => unknown> {
  let open = 0;
  const show = (change: number) => {
    open += change;
    element?.setAttribute('data-calls', String(open));
  };
  return Object.fromEntries(
    Object.entries(rpcs).map(([name, rpc]) => [
      name,
      typeof rpc !== 'function'
        ? rpc
        : async (...args: unknown[]) => {
            show(1);
            try {
              return await rpc(...args);
            } finally {
              show(-1);
            }
          },
    ]),
  );
}
