/**
 * What the local Dashboard lets you navigate: the pages (each with the viewport Stripe would open the app's drawer on,
 * and a sample object), the Dashboard users (with their built-in roles) and the modes. Shared by the server and the page.
 * @see https://docs.stripe.com/stripe-apps/reference/viewports
 */

export type Mode = 'test' | 'live';
export const MODES: readonly Mode[] = ['test', 'live'];

export interface DashboardPage {
  /** The `page` query parameter. */
  id: string;
  /** What the sidebar and the page title say. */
  label: string;
  /** Where the sidebar lists it (pages without a group are reached from another page: details, the full page). */
  group?: 'main' | 'billing' | 'more' | 'apps';
  /** The drawer's page-specific viewport; the drawer falls back to `stripe.dashboard.drawer.default` when the app has none. */
  viewport: string;
  /**
   * A viewport rendered in the page itself rather than in the drawer: a detail page's module
   * (`….detail.page-module`, beside the drawer), or the whole page (`settings`, `onboarding`, `stripe.dashboard.fullpage`).
   */
  body?: string;
  /** The body view replaces the drawer (settings, onboarding, the full page). */
  bodyOnly?: boolean;
  /** The object the page shows, handed to the view as `environment.objectContext` on its detail viewports. */
  object?: {id: string; object: string; title: string; fields: [string, string][]};
  /** A list page: the detail page its rows open. */
  detail?: string;
}

export const DEFAULT_VIEWPORT = 'stripe.dashboard.drawer.default';
export const SETTINGS_VIEWPORT = 'settings';
export const FULL_PAGE_VIEWPORT = 'stripe.dashboard.fullpage';
export const ONBOARDING_VIEWPORT = 'onboarding';

const list = (id: string, label: string, object: string, detail: string, group: DashboardPage['group'] = 'main'): DashboardPage => ({
  id,
  label,
  group,
  viewport: `stripe.dashboard.${object}.list`,
  detail,
});

/**
 * One page for every viewport in the manifest schema (shared/reference/stripe-app.schema.json), plus the full page:
 * overviews, a list and a detail page (with a sample object) for each object type, the page modules, onboarding,
 * settings, and the app's full page.
 */
export const PAGES: readonly DashboardPage[] = [
  {id: 'home', label: 'Home', group: 'main', viewport: 'stripe.dashboard.home.overview'},
  {id: 'balance', label: 'Balances', group: 'main', viewport: 'stripe.dashboard.balance.overview'},
  list('payments', 'Payments', 'payment', 'payment'),
  list('customers', 'Customers', 'customer', 'customer'),
  list('products', 'Products', 'product', 'product'),
  {id: 'billing', label: 'Billing', group: 'billing', viewport: 'stripe.dashboard.billing.overview'},
  list('invoices', 'Invoices', 'invoice', 'invoice', 'billing'),
  list('subscriptions', 'Subscriptions', 'subscription', 'subscription', 'billing'),
  {id: 'revenue-recognition', label: 'Revenue recognition', group: 'billing', viewport: 'stripe.dashboard.revenue-recognition.overview'},
  list('payment-links', 'Payment links', 'payment-link', 'payment-link', 'more'),
  {id: 'reports', label: 'Reports', group: 'more', viewport: 'stripe.dashboard.report.overview'},
  {id: 'tax', label: 'Tax reporting', group: 'more', viewport: 'stripe.dashboard.tax-report.overview'},
  {
    id: 'customer',
    label: 'Customers',
    viewport: 'stripe.dashboard.customer.detail',
    body: 'stripe.dashboard.customer.detail.page-module',
    object: {
      id: 'cus_QkLocal7Jr2Ada',
      object: 'customer',
      title: 'Grace Hopper',
      fields: [
        ['Email', 'grace@example.com'],
        ['Created', 'Mar 4, 2026'],
        ['Balance', '$0.00'],
      ],
    },
  },
  {
    id: 'payment',
    label: 'Payments',
    viewport: 'stripe.dashboard.payment.detail',
    object: {
      id: 'pi_3QkLocal7Jr2Pay01',
      object: 'payment_intent',
      title: '$249.00 USD',
      fields: [
        ['Status', 'Succeeded'],
        ['Customer', 'grace@example.com'],
        ['Payment method', 'Visa •••• 4242'],
      ],
    },
  },
  {
    id: 'invoice',
    label: 'Invoices',
    viewport: 'stripe.dashboard.invoice.detail',
    body: 'stripe.dashboard.invoice.detail.page-module',
    object: {
      id: 'in_1QkLocal7Jr2Inv01',
      object: 'invoice',
      title: 'Invoice 7F3A-0001',
      fields: [
        ['Status', 'Open'],
        ['Amount due', '$1,200.00'],
        ['Due', 'Dec 1, 2026'],
      ],
    },
  },
  {
    id: 'subscription',
    label: 'Subscriptions',
    viewport: 'stripe.dashboard.subscription.detail',
    object: {
      id: 'sub_1QkLocal7Jr2Sub01',
      object: 'subscription',
      title: 'Pro plan',
      fields: [
        ['Status', 'Active'],
        ['Billing', 'Monthly'],
        ['Next invoice', 'Dec 4, 2026'],
      ],
    },
  },
  {
    id: 'product',
    label: 'Products',
    viewport: 'stripe.dashboard.product.detail',
    object: {
      id: 'prod_QkLocal7Jr2Pro',
      object: 'product',
      title: 'Pro plan',
      fields: [
        ['Price', '$49.00 / month'],
        ['Tax code', 'txcd_10000000'],
        ['Active', 'Yes'],
      ],
    },
  },
  {
    id: 'payment-link',
    label: 'Payment links',
    viewport: 'stripe.dashboard.payment-link.detail',
    object: {
      id: 'plink_1QkLocal7Jr2Lnk01',
      object: 'payment_link',
      title: 'Pro plan checkout',
      fields: [
        ['URL', 'https://buy.stripe.com/test_local'],
        ['Price', '$49.00 / month'],
        ['Active', 'Yes'],
      ],
    },
  },
  {id: 'app', label: 'App', group: 'apps', viewport: FULL_PAGE_VIEWPORT, body: FULL_PAGE_VIEWPORT, bodyOnly: true},
  {id: 'onboarding', label: 'Onboarding', group: 'apps', viewport: ONBOARDING_VIEWPORT, body: ONBOARDING_VIEWPORT, bodyOnly: true},
  {id: 'settings', label: 'Settings', viewport: SETTINGS_VIEWPORT, body: SETTINGS_VIEWPORT, bodyOnly: true},
];

export interface DashboardUser {
  /** The `user` query parameter and `userContext.id`. */
  id: string;
  name: string;
  email: string;
  /** Built-in Dashboard role ids (`userContext.roles[].id`). */
  roles: string[];
  roleName: string;
}

export const USERS: readonly DashboardUser[] = [
  {id: 'usr_ada', name: 'Ada Admin', email: 'ada@example.com', roles: ['admin'], roleName: 'Administrator'},
  {id: 'usr_dana', name: 'Dana Developer', email: 'dana@example.com', roles: ['developer'], roleName: 'Developer'},
  {id: 'usr_vic', name: 'Vic Viewer', email: 'vic@example.com', roles: ['view_only'], roleName: 'View only'},
];

export const ACCOUNT = {id: 'acct_1KeyringLocal', name: 'Local Dashboard Co', country: 'US'};

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
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Reads `?page=&user=&mode=` (and `id`, `path`, `search`); anything unknown falls back to home, the first user, test mode. */
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
  if (location.appSearch && Object.keys(location.appSearch).length) params.set('search', JSON.stringify(location.appSearch));
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
export function viewFor(page: DashboardPage, views: readonly ManifestView[], objectId?: string): {view: ManifestView; objectContext: ObjectContext} | null {
  if (page.bodyOnly) return null;
  const own = views.find((v) => v.viewport === page.viewport);
  if (own) return {view: own, objectContext: objectContextFor(page, objectId)};
  const fallback = views.find((v) => v.viewport === DEFAULT_VIEWPORT);
  return fallback ? {view: fallback, objectContext: null} : null;
}

/** The view rendered in the page itself: a detail page's module, or the settings, onboarding or full page view. */
export function bodyViewFor(page: DashboardPage, views: readonly ManifestView[], objectId?: string): {view: ManifestView; objectContext: ObjectContext} | null {
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
  if (name in simple) return {page: simple[name]};
  if (name in details) {
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
      appSearch: typeof searchParams === 'object' && searchParams !== null ? (searchParams as Record<string, unknown>) : undefined,
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
