import {useEffect, useMemo, useState, type ReactNode} from 'react';
import {createRoot} from 'react-dom/client';
import {createEndpoint, fromWebWorker, release, retain} from '@remote-ui/rpc';
import {createController, createRemoteReceiver, RemoteRenderer} from '@remote-ui/react/host';
import type {ToastOptions} from '@stripe/ui-extension-sdk/utils/toast';
import {dashboardContext} from '../../platform/context';
import {createPlatformHost, type VerifierStore} from '../../platform/host';
import {storageVerifiers} from '../../platform/verifier-store';
import type {PageConfig} from '../html';
import {
  ACCOUNT,
  bodyViewFor,
  locationHref,
  oauthReturnMode,
  PAGES,
  parseLocation,
  routeLocation,
  USERS,
  viewFor,
  type DashboardLocation,
  type DashboardPage,
  type LocationParams,
} from '../navigation';
import type {HostNotices, WorkerApi} from '../worker/runtime';
import {COMPONENTS, componentFor, NavigationContext} from './components';

/**
 * The local Dashboard page: the Dashboard's frame (account, user, mode, pages), the app's drawer or settings page, and
 * the host side of remote-ui. The view runs in a Web Worker; this page exposes the platform RPCs to it (the one
 * implementation in local/platform/host.ts) and renders what it sends with the DOM components.
 */

const config = JSON.parse(document.getElementById('ld-config')?.textContent ?? '{}') as PageConfig;
const STORAGE = 'local-dashboard';

/** PKCE verifiers survive the trip to the provider and back (the page reloads on the return); abandoned ones are cleared. */
const sessionVerifiers: VerifierStore = storageVerifiers(sessionStorage, `${STORAGE}:verifier:`);

/** Where the person was: the OAuth return brings them back there. */
function startLocation(): {location: DashboardLocation; oauthReturn?: string} {
  const returnMode = oauthReturnMode(window.location.pathname, config.app.id);
  if (returnMode) {
    const saved = parseLocation(sessionStorage.getItem(`${STORAGE}:location`) ?? '');
    const location = {...saved, mode: returnMode};
    const oauthReturn = window.location.href;
    // The return URL carries the code: take it out of the address bar and history at once.
    history.replaceState(null, '', locationHref({page: location.page.id, user: location.user.id, mode: location.mode}));
    return {location, oauthReturn};
  }
  const location = parseLocation(window.location.search);
  sessionStorage.setItem(`${STORAGE}:location`, window.location.search);
  return {location};
}

function go(location: LocationParams): void {
  window.location.assign(locationHref(location));
}

/* ---------- toasts and notices ---------- */

interface Toast {
  id: number;
  message: string;
  type?: string;
  action?: string;
  onAction?: () => void;
}

type Listener = () => void;
const toasts = {
  items: [] as Toast[],
  listeners: new Set<Listener>(),
  emit() {
    this.listeners.forEach((l) => l());
  },
};
let toastIds = 0;

function showToast(message: string, options?: ToastOptions) {
  const id = ++toastIds;
  const withAction = options && 'action' in options ? options : undefined;
  // A callback from the view is released after the RPC call returns unless retained: keep it while the toast shows.
  if (withAction?.onAction) retain(withAction.onAction);
  const toast: Toast = {id, message, type: options?.type, action: withAction?.action, onAction: withAction?.onAction};
  toasts.items = [...toasts.items, toast];
  toasts.emit();
  const dismiss = () => {
    if (!toasts.items.some((t) => t.id === id)) return;
    toasts.items = toasts.items.filter((t) => t.id !== id);
    toasts.emit();
    if (withAction?.onAction) release(withAction.onAction);
  };
  setTimeout(dismiss, 4000);
  return {
    update: (updateMessage: string, updateOptions?: ToastOptions) => {
      toasts.items = toasts.items.map((t) => (t.id === id ? {...t, message: updateMessage, type: updateOptions?.type ?? t.type} : t));
      toasts.emit();
    },
    dismiss,
  };
}

function useToasts(): Toast[] {
  const [items, setItems] = useState(toasts.items);
  useEffect(() => {
    const listener = () => setItems(toasts.items);
    toasts.listeners.add(listener);
    return () => {
      toasts.listeners.delete(listener);
    };
  }, []);
  return items;
}

function Toasts() {
  const items = useToasts();
  return (
    <div className="ld-toasts" aria-live="polite">
      {items.map((t) => (
        <div key={t.id} className="ld-toast" role="status" data-type={t.type ?? 'default'}>
          <span>{t.message}</span>
          {t.action ? (
            <button type="button" onClick={() => t.onAction?.()}>
              {t.action}
            </button>
          ) : null}
        </div>
      ))}
    </div>
  );
}

interface Notice {
  kind: 'blocked' | 'permission' | 'error' | 'build';
  message: string;
}

function Notices({notices}: {notices: Notice[]}) {
  const titles = {blocked: 'Request blocked', permission: 'Permission missing', error: 'The view failed', build: 'The views did not build'};
  return (
    <>
      {notices.map((n, i) => (
        <div key={i} className="ld-notice" role="alert" data-notice={n.kind}>
          <div className="ld-notice-title">{titles[n.kind]}</div>
          {n.message}
        </div>
      ))}
    </>
  );
}

/* ---------- the view host ---------- */

/** `navigateToDashboardRoute`, or a Button/Link whose `href` is a route descriptor: to that page, as the same user. */
function navigateRoute(location: DashboardLocation, route: unknown): void {
  const target = routeLocation(route);
  if (target) go({...target, user: location.user.id, mode: location.mode});
  else showToast(`No local page for route ${String((route as {name?: unknown} | null)?.name)}`, {type: 'caution'});
}

/** The full page moved to another of its routes: the address bar and history follow, as in the Dashboard. */
function followAppHref(location: DashboardLocation, href: string, searchParams: Record<string, unknown>, replace: boolean): void {
  const next = locationHref({page: 'app', user: location.user.id, mode: location.mode, appPath: href, appSearch: searchParams});
  if (replace) history.replaceState(null, '', next);
  else history.pushState(null, '', next);
  sessionStorage.setItem(`${STORAGE}:location`, window.location.search);
}

function ViewHost(props: {component: string; viewport: string; objectContext: {id: string; object: string} | null; location: DashboardLocation; oauthReturn?: string}) {
  const isFullPage = props.viewport === 'stripe.dashboard.fullpage';
  const receiver = useMemo(() => createRemoteReceiver(), []);
  const controller = useMemo(() => {
    const base = createController(COMPONENTS);
    return {...base, get: (type: unknown) => componentFor(String(type))};
  }, []);
  const [notices, setNotices] = useState<Notice[]>(config.buildErrors.map((message) => ({kind: 'build' as const, message})));
  const {component, viewport, objectContext, location, oauthReturn} = props;

  useEffect(() => {
    // One failure can arrive twice (the render call's rejection and the worker's own report, "boom" and "Error: boom"):
    // messages are compared without the "Uncaught " and error-name prefixes, so it is shown once.
    const bare = (message: string) => message.replace(/^Uncaught /, '').replace(/^[A-Za-z]*Error: /, '');
    const add = (notice: Notice) =>
      setNotices((current) =>
        current.some((n) => n.kind === notice.kind && bare(n.message) === bare(notice.message)) ? current : [...current, notice],
      );
    if (!config.app.viewFiles.includes(component)) {
      add({kind: 'build', message: `src/views/${component}.tsx is missing: the manifest names it for ${viewport}.`});
      return;
    }
    const worker = new Worker('/__dashboard/worker.js');
    const endpoint = createEndpoint<WorkerApi>(fromWebWorker(worker));
    let stopped = false;
    (async () => {
      const answer = await fetch(`/__dashboard/session?${new URLSearchParams({user: location.user.id, mode: location.mode}).toString()}`);
      const body = (await answer.json()) as {token?: string; error?: string};
      if (!body.token) throw new Error(body.error ?? 'No Dashboard session');
      const host = createPlatformHost({
        emulatorUrl: window.location.origin,
        sessionToken: body.token,
        userEmail: location.user.email,
        permissions: config.app.permissions,
        connectSrc: config.app.connectSrc,
        verifiers: sessionVerifiers,
      });
      const oauthContext = oauthReturn ? host.completeOAuth(oauthReturn) : undefined;
      const notices: HostNotices = {
        reportBlockedFetch: (message) => {
          console.error(message);
          add({kind: 'blocked', message});
        },
        reportError: (message) => {
          console.error(`View error: ${message}`);
          add({kind: 'error', message});
        },
        reportHref: (href, searchParams, replace) => {
          if (isFullPage) followAppHref(location, href, searchParams, replace);
        },
      };
      endpoint.expose({
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
        showToast: async (message: string, options?: ToastOptions) => {
          await host.rpcs.showToast(message, options);
          return showToast(message, options);
        },
        clipboardWriteText: async (text: string) => {
          await host.rpcs.clipboardWriteText(text);
          await navigator.clipboard?.writeText(text).catch(() => undefined);
        },
        navigateToDashboardRoute: (route: unknown) => navigateRoute(location, route),
        ...notices,
      } as unknown as Record<string, (...args: unknown[]) => unknown>);
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
      await endpoint.call.render({component, context, connectSrc: config.app.connectSrc, ...route}, receiver.receive);
    })().catch((err: unknown) => add({kind: 'error', message: err instanceof Error ? err.message : String(err)}));
    return () => {
      stopped = true;
      endpoint.terminate();
      worker.terminate();
    };
  }, [component, viewport, objectContext, location, oauthReturn, receiver, isFullPage]);

  return (
    <NavigationContext.Provider value={(route) => navigateRoute(location, route)}>
      <Notices notices={notices} />
      <div data-view={component} data-viewport={viewport}>
        <RemoteRenderer receiver={receiver} controller={controller} />
      </div>
    </NavigationContext.Provider>
  );
}

/* ---------- the Dashboard frame ---------- */

function ObjectPage({location}: {location: DashboardLocation}) {
  const {page} = location;
  if (page.id === 'home') {
    return (
      <>
        <h1>Home</h1>
        <p className="ld-note">
          This is a local stand-in for the Stripe Dashboard. The drawer on the right runs the app’s real views from{' '}
          <code>src/views</code> in a Web Worker, as Stripe’s sandbox does, against a local Secret Store. Pick a page on the left
          for a view with an object, switch the user or the mode above.
        </p>
        <dl className="ld-facts">
          <dt>App</dt>
          <dd>
            {config.app.name} <span className="ld-id">{config.app.id}</span> {config.app.version}
          </dd>
          <dt>Permissions</dt>
          <dd>{config.app.permissions.length ? config.app.permissions.join(', ') : 'none'}</dd>
          <dt>connect-src</dt>
          <dd>{config.app.connectSrc?.length ? config.app.connectSrc.join(' ') : 'none'}</dd>
          <dt>Views</dt>
          <dd>{config.app.views.map((v) => `${v.component} (${v.viewport})`).join(', ')}</dd>
          <dt>OAuth provider</dt>
          <dd>{config.oauth ? config.oauth.url : 'not running'}</dd>
        </dl>
      </>
    );
  }
  const detail = page.detail ? PAGES.find((p) => p.id === page.detail) : undefined;
  if (detail?.object) {
    // A list page: one row, the sample object, opening its detail page.
    return (
      <>
        <h1>{page.label}</h1>
        <table className="ld-table">
          <tbody>
            <tr>
              <td>
                <a href={locationHref({page: detail.id, user: location.user.id, mode: location.mode})}>{detail.object.title}</a>
              </td>
              <td className="ld-id">{detail.object.id}</td>
              {detail.object.fields.slice(0, 2).map(([label, value]) => (
                <td key={label}>{value}</td>
              ))}
            </tr>
          </tbody>
        </table>
      </>
    );
  }
  if (!page.object) {
    return (
      <>
        <h1>{page.label}</h1>
        <p className="ld-note">
          A stand-in for the Dashboard’s {page.label} page: the drawer opens the app’s <code>{page.viewport}</code> view, or its
          default drawer.
        </p>
      </>
    );
  }
  return (
    <>
      <div className="ld-crumbs">{page.label}</div>
      <h1>{page.object.title}</h1>
      <div className="ld-id">{location.objectId ?? page.object.id}</div>
      <dl className="ld-facts">
        {page.object.fields.map(([label, value]) => (
          <FactRow key={label} label={label} value={value} />
        ))}
      </dl>
    </>
  );
}

function FactRow({label, value}: {label: string; value: string}) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
}

const GROUPS: {id: DashboardPage['group']; heading?: string}[] = [{id: 'main'}, {id: 'billing', heading: 'Billing'}, {id: 'more', heading: 'More'}];

/** The apps section lists the app's own pages: its full page and its onboarding, when it has those views. */
function appPages(): DashboardPage[] {
  return PAGES.filter((p) => p.group === 'apps' && config.app.views.some((v) => v.viewport === p.body));
}

function Frame({location, children}: {location: DashboardLocation; children: ReactNode}) {
  const {page, user, mode} = location;
  const link = (p: DashboardPage, label: string = p.label) => (
    <a key={p.id} href={locationHref({page: p.id, user: user.id, mode})} aria-current={p.id === page.id ? 'page' : undefined}>
      {label}
    </a>
  );
  const apps = appPages();
  return (
    <div className="ld-frame" data-mode={mode}>
      <div className="ld-teststrip" data-mode={mode} />
      <header className="ld-topbar">
        <div className="ld-account">
          <span className="ld-account-mark">{ACCOUNT.name.charAt(0)}</span>
          {ACCOUNT.name}
        </div>
        <span className="ld-spacer" />
        <button
          type="button"
          className="ld-modeswitch"
          role="switch"
          aria-checked={mode === 'test'}
          aria-label="Test mode"
          onClick={() => go({page: page.id, user: user.id, mode: mode === 'test' ? 'live' : 'test'})}
        >
          <span className="ld-modeswitch-track" />
          Test mode
        </button>
        <label>
          Signed in as
          <select aria-label="Dashboard user" value={user.id} onChange={(e) => go({page: page.id, user: e.target.value, mode})}>
            {USERS.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name} ({u.roleName})
              </option>
            ))}
          </select>
        </label>
      </header>
      <div className="ld-body">
        <nav className="ld-sidebar" aria-label="Pages">
          {GROUPS.map((group) => (
            <div key={group.id}>
              {group.heading ? <div className="ld-sidebar-heading">{group.heading}</div> : null}
              {PAGES.filter((p) => p.group === group.id).map((p) => link(p))}
            </div>
          ))}
          {apps.length ? <div className="ld-sidebar-heading">Apps</div> : null}
          {apps.map((p) => link(p, p.id === 'app' ? config.app.name : `${config.app.name}: ${p.label}`))}
          <div className="ld-sidebar-heading">Settings</div>
          {link(PAGES.find((p) => p.id === 'settings') as DashboardPage, config.app.name)}
        </nav>
        {children}
      </div>
    </div>
  );
}

function Dashboard({location, oauthReturn}: {location: DashboardLocation; oauthReturn?: string}) {
  const [reloading, setReloading] = useState(false);
  const [buildErrors, setBuildErrors] = useState<string[]>([]);
  useEffect(() => {
    const events = new EventSource('/__dashboard/events');
    events.addEventListener('reload', () => {
      setReloading(true);
      window.location.reload();
    });
    events.addEventListener('build-error', (event) => {
      setBuildErrors((JSON.parse((event as MessageEvent<string>).data) as {errors: string[]}).errors);
    });
    // Back and forward between the full page's routes: the address is the state.
    const onPopState = () => window.location.reload();
    window.addEventListener('popstate', onPopState);
    return () => {
      events.close();
      window.removeEventListener('popstate', onPopState);
    };
  }, []);

  const {page} = location;
  const drawerTarget = useMemo(() => viewFor(page, config.app.views, location.objectId), [page, location.objectId]);
  const bodyTarget = useMemo(() => bodyViewFor(page, config.app.views, location.objectId), [page, location.objectId]);
  const hostFor = (target: typeof drawerTarget) =>
    target ? (
      <ViewHost
        key={`${target.view.component}:${target.view.viewport}`}
        component={target.view.component}
        viewport={target.view.viewport}
        objectContext={target.objectContext}
        location={location}
        oauthReturn={oauthReturn}
      />
    ) : null;
  const banner = buildErrors.length ? <Notices notices={buildErrors.map((message) => ({kind: 'build', message}))} /> : null;
  const missing = {settings: 'This app has no settings view.', onboarding: 'This app has no onboarding view.', app: 'This app has no full page view.'};

  let content: ReactNode;
  if (page.id === 'settings') {
    content = (
      <main className="ld-main" data-page="settings">
        <div className="ld-settings">
          <div className="ld-crumbs">Settings › Apps</div>
          <h1>{config.app.name}</h1>
          <div className="ld-id">
            {config.app.id} · version {config.app.version}
          </div>
          {banner}
          <div className="ld-settings-card">{hostFor(bodyTarget) ?? <p className="ld-note">{missing.settings}</p>}</div>
        </div>
      </main>
    );
  } else if (page.bodyOnly) {
    content = (
      <main className="ld-main" data-page={page.id}>
        <div className="ld-crumbs">Apps › {config.app.name}</div>
        {banner}
        {hostFor(bodyTarget) ?? <p className="ld-note">{missing[page.id as 'onboarding' | 'app']}</p>}
      </main>
    );
  } else {
    content = (
      <>
        <main className="ld-main" data-page={page.id}>
          <ObjectPage location={location} />
          {bodyTarget ? <section className="ld-page-module">{hostFor(bodyTarget)}</section> : null}
        </main>
        <aside className="ld-drawer" aria-label={`${config.app.name} drawer`}>
          <div className="ld-drawer-head">
            <span className="ld-app-icon">{config.app.name.charAt(0)}</span>
            <span className="ld-drawer-name">{config.app.name}</span>
            <span className="ld-spacer" />
            <span className="ld-id">{drawerTarget ? drawerTarget.view.viewport : ''}</span>
          </div>
          <div className="ld-drawer-scroll">
            {banner}
            {hostFor(drawerTarget) ?? <p className="ld-note" style={{padding: 20}}>This app has no view for this page.</p>}
          </div>
        </aside>
      </>
    );
  }

  return (
    <Frame location={location}>
      {content}
      <Toasts />
      {reloading ? <div className="ld-reloading">Reloading…</div> : null}
    </Frame>
  );
}

const start = startLocation();
const container = document.getElementById('root');
if (container) createRoot(container).render(<Dashboard location={start.location} oauthReturn={start.oauthReturn} />);
