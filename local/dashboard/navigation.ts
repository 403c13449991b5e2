import {
  DEFAULT_VIEWPORT,
  FULL_PAGE_VIEWPORT,
  ONBOARDING_VIEWPORT,
  SAMPLE_OBJECTS,
  SETTINGS_VIEWPORT,
  USERS,
  type DashboardUser,
  type Mode,
  type ObjectKind,
  type SampleObject,
  type Viewport,
} from '../platform/fixtures';

/**
 * What the local Dashboard lets you navigate: its pages, each with the viewport Stripe would open the app's drawer on
 * and the sample object it shows (the viewports, objects, users and account are the fixtures in local/platform). Shared
 * by the server and the page.
 * @see https://docs.stripe.com/stripe-apps/reference/viewports
 */

// The server (index.ts, cli.ts) reads the users, account and modes from here with the pages.
export {ACCOUNT, MODES, USERS, type DashboardUser, type Mode} from '../platform/fixtures';
export {DEFAULT_VIEWPORT, FULL_PAGE_VIEWPORT, ONBOARDING_VIEWPORT, SETTINGS_VIEWPORT};

export interface DashboardPage {
  /** The `page` query parameter. */
  id: string;
  /** What the sidebar and the page title say. */
  label: string;
  /** Where the sidebar lists it (pages without a group are reached from another page: details, the full page). */
  group?: 'main' | 'billing' | 'more' | 'apps';
  /**
   * The drawer's page-specific viewport; the drawer falls back to `stripe.dashboard.drawer.default` when the app has
   * none.
   */
  viewport: Viewport;
  /**
   * A viewport rendered in the page itself rather than in the drawer: a detail page's module
   * (`….detail.page-module`, beside the drawer), or the whole page (`settings`, `onboarding`,
   * `stripe.dashboard.fullpage`).
   */
  body?: Viewport;
  /** The body view replaces the drawer (settings, onboarding, the full page). */
  bodyOnly?: boolean;
  /** The object the page shows, handed to the view as `environment.objectContext` on its detail viewports. */
  object?: SampleObject;
  /** A list page: the detail page its rows open. */
  detail?: string;
}

const list = (id: string, label: string, kind: ObjectKind, group: DashboardPage['group'] = 'main'): DashboardPage => ({
  id,
  label,
  group,
  viewport: `stripe.dashboard.${kind}.list` as const,
  detail: kind,
});

/** An object's detail page: its drawer viewport, its page module where the schema has one, its sample object. */
const detail = (
  kind: ObjectKind,
  label: string,
  body?: `stripe.dashboard.${ObjectKind}.detail.page-module` & Viewport,
): DashboardPage => ({
  id: kind,
  label,
  viewport: `stripe.dashboard.${kind}.detail` as const,
  ...(body ? {body} : {}),
  object: SAMPLE_OBJECTS[kind],
});

/**
 * One page for every viewport in the manifest schema (`VIEWPORTS`, local/manifest/rules.ts; tsc refuses any other),
 * plus the full page: overviews, a list and a detail page (with its sample object) for each object type, the page
 * modules, onboarding, settings, and the app's full page.
 */
export const PAGES: readonly DashboardPage[] = [
  {id: 'home', label: 'Home', group: 'main', viewport: 'stripe.dashboard.home.overview'},
  {id: 'balance', label: 'Balances', group: 'main', viewport: 'stripe.dashboard.balance.overview'},
  list('payments', 'Payments', 'payment'),
  list('customers', 'Customers', 'customer'),
  list('products', 'Products', 'product'),
  {id: 'billing', label: 'Billing', group: 'billing', viewport: 'stripe.dashboard.billing.overview'},
  list('invoices', 'Invoices', 'invoice', 'billing'),
  list('subscriptions', 'Subscriptions', 'subscription', 'billing'),
  {
    id: 'revenue-recognition',
    label: 'Revenue recognition',
    group: 'billing',
    viewport: 'stripe.dashboard.revenue-recognition.overview',
  },
  list('payment-links', 'Payment links', 'payment-link', 'more'),
  {id: 'reports', label: 'Reports', group: 'more', viewport: 'stripe.dashboard.report.overview'},
  {id: 'tax', label: 'Tax reporting', group: 'more', viewport: 'stripe.dashboard.tax-report.overview'},
  detail('customer', 'Customers', 'stripe.dashboard.customer.detail.page-module'),
  detail('payment', 'Payments'),
  detail('invoice', 'Invoices', 'stripe.dashboard.invoice.detail.page-module'),
  detail('subscription', 'Subscriptions'),
  detail('product', 'Products'),
  detail('payment-link', 'Payment links'),
  {id: 'app', label: 'App', group: 'apps', viewport: FULL_PAGE_VIEWPORT, body: FULL_PAGE_VIEWPORT, bodyOnly: true},
  {
    id: 'onboarding',
    label: 'Onboarding',
    group: 'apps',
    viewport: ONBOARDING_VIEWPORT,
    body: ONBOARDING_VIEWPORT,
    bodyOnly: true,
  },
  {id: 'settings', label: 'Settings', viewport: SETTINGS_VIEWPORT, body: SETTINGS_VIEWPORT, bodyOnly: true},
];

export interface DashboardLocation {
  page: DashboardPage;
  user: DashboardUser;
  mode: Mode;
  /** Another object than the page's sample one (`&id=`), as a route descriptor to a detail page names it. */
  objectId?: string;
  /** The full page's own route (`&path=/members/42`) and search parameters (`&search=` JSON). */
  appPath?: string;
  appSearch?: Record<string, unknown>;
}

export interface LocationParams {
  page: string;
  user: string;
  mode: Mode;
  objectId?: string;
  appPath?: string;
  appSearch?: Record<string, unknown>;
}

function searchObject(raw: string | null): Record<string, unknown> | undefined {
  if (!raw) return undefined;
  try {
    const value = JSON.parse(raw) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads `?page=&user=&mode=` (and `id`, `path`, `search`); anything unknown falls back to home, the first user, test
 * mode.
 */
export function parseLocation(search: string): DashboardLocation {
  const params = new URLSearchParams(search);
  const page = PAGES.find((p) => p.id === params.get('page')) ?? PAGES[0];
  const location: DashboardLocation = {
    page,
    user: USERS.find((u) => u.id === params.get('user')) ?? USERS[0],
    mode: params.get('mode') === 'live' ? 'live' : 'test',
  };
  const id = params.get('id');
  if (page.object && id && /^[A-Za-z0-9_]{1,255}$/.test(id)) location.objectId = id;
  const path = params.get('path');
  if (page.id === 'app') {
    location.appPath = path && path.startsWith('/') ? path : '/';
    const appSearch = searchObject(params.get('search'));
    if (appSearch) location.appSearch = appSearch;
  }
  return location;
}

export function locationHref(location: LocationParams): string {
  const params = new URLSearchParams({page: location.page, user: location.user, mode: location.mode});
  if (location.objectId) params.set('id', location.objectId);
  if (location.appPath !== undefined) params.set('path', location.appPath);
  if (location.appSearch && Object.keys(location.appSearch).length)
    params.set('search', JSON.stringify(location.appSearch));
  return `/?${params.toString()}`;
}

export interface ManifestView {
  viewport: string;
  component: string;
}

type ObjectContext = {id: string; object: string} | null;

function objectContextFor(page: DashboardPage, objectId?: string): ObjectContext {
  return page.object ? {id: objectId ?? page.object.id, object: page.object.object} : null;
}

/**
 * The drawer Stripe opens on a page: the page's own viewport, else the default drawer (with no object). Pages whose
 * view takes the whole page (settings, onboarding, the full page) have no drawer.
 */
export function viewFor(
  page: DashboardPage,
  views: readonly ManifestView[],
  objectId?: string,
): {view: ManifestView; objectContext: ObjectContext} | null {
  if (page.bodyOnly) return null;
  const own = views.find((v) => v.viewport === page.viewport);
  if (own) return {view: own, objectContext: objectContextFor(page, objectId)};
  const fallback = views.find((v) => v.viewport === DEFAULT_VIEWPORT);
  return fallback ? {view: fallback, objectContext: null} : null;
}

/** The view rendered in the page itself: a detail page's module, or the settings, onboarding or full page view. */
export function bodyViewFor(
  page: DashboardPage,
  views: readonly ManifestView[],
  objectId?: string,
): {view: ManifestView; objectContext: ObjectContext} | null {
  const own = page.body ? views.find((v) => v.viewport === page.body) : undefined;
  return own ? {view: own, objectContext: objectContextFor(page, objectId)} : null;
}

/**
 * Where a RouteDescriptor (`navigateToDashboardRoute`, or a Button/Link `href`) goes: a page, with the object id or the
 * full page's route from its params. Null for a Dashboard page this stand-in does not have.
 */
export function routeLocation(route: unknown): Omit<LocationParams, 'user' | 'mode'> | null {
  if (typeof route !== 'object' || route === null) return null;
  const {name, params} = route as {name?: unknown; params?: Record<string, unknown>};
  const param = (key: string) => (typeof params?.[key] === 'string' ? (params[key] as string) : undefined);
  const simple: Record<string, string> = {
    dashboard: 'home',
    balanceOverview: 'balance',
    billing: 'billing',
    customers: 'customers',
    payments: 'payments',
    invoices: 'invoices',
    subscriptions: 'subscriptions',
    products: 'products',
    reportsHub: 'reports',
    revenueRecognition: 'revenue-recognition',
    taxReporting: 'tax',
    onboarding: 'onboarding',
  };
  const details: Record<string, [string, string]> = {
    customerDetails: ['customer', 'customerId'],
    paymentDetails: ['payment', 'paymentId'],
    paymentReviewDetails: ['payment', 'paymentId'],
    invoiceDetails: ['invoice', 'invoiceId'],
    subscriptionDetails: ['subscription', 'subscriptionId'],
    productDetails: ['product', 'productId'],
  };
  if (typeof name !== 'string') return null;
  // Own entries only: `{name: 'toString'}` must not find Object.prototype.toString and build `page=function…`.
  const own = (table: object) => Object.prototype.hasOwnProperty.call(table, name);
  if (own(simple)) return {page: simple[name]};
  if (own(details)) {
    const [page, key] = details[name];
    return {page, objectId: param(key)};
  }
  if (name === 'fullPage') return {page: 'app', appPath: '/'};
  if (name === 'fullPageGlob') {
    const glob = Array.isArray(params?.glob) ? params.glob.filter((s): s is string => typeof s === 'string') : [];
    const searchParams = params?.searchParams;
    return {
      page: 'app',
      appPath: `/${glob.map(encodeURIComponent).join('/')}`,
      appSearch:
        typeof searchParams === 'object' && searchParams !== null
          ? (searchParams as Record<string, unknown>)
          : undefined,
    };
  }
  return null;
}

/** The Dashboard's OAuth return routes: `/test/apps-oauth/<app id>` and `/apps-oauth/<app id>`. */
export function oauthReturnMode(pathname: string, appId: string): Mode | null {
  const id = encodeURIComponent(appId);
  if (pathname === `/test/apps-oauth/${id}`) return 'test';
  if (pathname === `/apps-oauth/${id}`) return 'live';
  return null;
}
