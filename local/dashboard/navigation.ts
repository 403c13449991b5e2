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
  /** What the sidebar says. */
  label: string;
  /** The page-specific viewport; the drawer falls back to `stripe.dashboard.drawer.default` when the app has none. */
  viewport: string;
  /** The object the page shows, handed to the view as `environment.objectContext` on its detail viewport. */
  object?: {id: string; object: string; title: string; fields: [string, string][]};
}

export const DEFAULT_VIEWPORT = 'stripe.dashboard.drawer.default';
export const SETTINGS_VIEWPORT = 'settings';

export const PAGES: readonly DashboardPage[] = [
  {id: 'home', label: 'Home', viewport: DEFAULT_VIEWPORT},
  {
    id: 'customer',
    label: 'Customers',
    viewport: 'stripe.dashboard.customer.detail',
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
  {id: 'settings', label: 'Settings', viewport: SETTINGS_VIEWPORT},
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
}

/** Reads `?page=&user=&mode=`; anything unknown falls back to home, the first user, test mode. */
export function parseLocation(search: string): DashboardLocation {
  const params = new URLSearchParams(search);
  return {
    page: PAGES.find((p) => p.id === params.get('page')) ?? PAGES[0],
    user: USERS.find((u) => u.id === params.get('user')) ?? USERS[0],
    mode: params.get('mode') === 'live' ? 'live' : 'test',
  };
}

export function locationHref(location: {page: string; user: string; mode: Mode}): string {
  return `/?${new URLSearchParams({page: location.page, user: location.user, mode: location.mode}).toString()}`;
}

export interface ManifestView {
  viewport: string;
  component: string;
}

/** The view Stripe opens on a page: the page's own viewport, else the default drawer (with no object). */
export function viewFor(page: DashboardPage, views: readonly ManifestView[]): {view: ManifestView; objectContext: {id: string; object: string} | null} | null {
  const own = views.find((v) => v.viewport === page.viewport);
  if (own) return {view: own, objectContext: page.object ? {id: page.object.id, object: page.object.object} : null};
  if (page.viewport === SETTINGS_VIEWPORT) return null;
  const fallback = views.find((v) => v.viewport === DEFAULT_VIEWPORT);
  return fallback ? {view: fallback, objectContext: null} : null;
}

/** The Dashboard's OAuth return routes: `/test/apps-oauth/<app id>` and `/apps-oauth/<app id>`. */
export function oauthReturnMode(pathname: string, appId: string): Mode | null {
  const id = encodeURIComponent(appId);
  if (pathname === `/test/apps-oauth/${id}`) return 'test';
  if (pathname === `/apps-oauth/${id}`) return 'live';
  return null;
}
