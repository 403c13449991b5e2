import {VIEWPORTS} from '../manifest/rules';

/**
 * What the fake Dashboard is made of: its viewports (the manifest schema's, `VIEWPORTS` in local/manifest/rules.ts,
 * plus the full page), the sample object each object viewport opens on, its users and its account. The local
 * Dashboard, the bench and the Jest support all take them from here.
 * @see https://docs.stripe.com/stripe-apps/reference/viewports
 */

/** A viewport the manifest schema allows. */
export type SchemaViewport = (typeof VIEWPORTS)[number];
/** The app's full page: routed by the Dashboard, not listed in the manifest schema's viewport enum. */
export const FULL_PAGE_VIEWPORT = 'stripe.dashboard.fullpage';
export type Viewport = SchemaViewport | typeof FULL_PAGE_VIEWPORT;

export const DEFAULT_VIEWPORT = 'stripe.dashboard.drawer.default' satisfies SchemaViewport;
export const SETTINGS_VIEWPORT = 'settings' satisfies SchemaViewport;
export const ONBOARDING_VIEWPORT = 'onboarding' satisfies SchemaViewport;

export type ObjectContext = {id: string; object: string};

/** An object a Dashboard page shows, and hands its views as `environment.objectContext`. */
export interface SampleObject extends ObjectContext {
  title: string;
  fields: [string, string][];
}

/** The object kinds of the schema's detail viewports (`stripe.dashboard.<kind>.detail`), each with its sample. */
export const SAMPLE_OBJECTS = {
  customer: {
    id: 'cus_QkLocal7Jr2Ada',
    object: 'customer',
    title: 'Grace Hopper',
    fields: [
      ['Email', 'grace@example.com'],
      ['Created', 'Mar 4, 2026'],
      ['Balance', '$0.00'],
    ],
  },
  payment: {
    id: 'pi_3QkLocal7Jr2Pay01',
    object: 'payment_intent',
    title: '$249.00 USD',
    fields: [
      ['Status', 'Succeeded'],
      ['Customer', 'grace@example.com'],
      ['Payment method', 'Visa •••• 4242'],
    ],
  },
  invoice: {
    id: 'in_1QkLocal7Jr2Inv01',
    object: 'invoice',
    title: 'Invoice 7F3A-0001',
    fields: [
      ['Status', 'Open'],
      ['Amount due', '$1,200.00'],
      ['Due', 'Dec 1, 2026'],
    ],
  },
  subscription: {
    id: 'sub_1QkLocal7Jr2Sub01',
    object: 'subscription',
    title: 'Pro plan',
    fields: [
      ['Status', 'Active'],
      ['Billing', 'Monthly'],
      ['Next invoice', 'Dec 4, 2026'],
    ],
  },
  product: {
    id: 'prod_QkLocal7Jr2Pro',
    object: 'product',
    title: 'Pro plan',
    fields: [
      ['Price', '$49.00 / month'],
      ['Tax code', 'txcd_10000000'],
      ['Active', 'Yes'],
    ],
  },
  'payment-link': {
    id: 'plink_1QkLocal7Jr2Lnk01',
    object: 'payment_link',
    title: 'Pro plan checkout',
    fields: [
      ['URL', 'https://buy.stripe.com/test_local'],
      ['Price', '$49.00 / month'],
      ['Active', 'Yes'],
    ],
  },
} satisfies Record<string, SampleObject>;

export type ObjectKind = keyof typeof SAMPLE_OBJECTS;

/** The kind a viewport is about: `stripe.dashboard.customer.detail` (and its `.page-module`) → `customer`. */
export function objectKindOf(viewport: string): ObjectKind | undefined {
  const kind = /^stripe\.dashboard\.([a-z-]+)\.detail(\.page-module)?$/.exec(viewport)?.[1];
  return kind !== undefined && Object.hasOwn(SAMPLE_OBJECTS, kind) ? (kind as ObjectKind) : undefined;
}

/** What a view on `viewport` is opened with: the sample object on a detail viewport, none elsewhere. */
export function sampleObjectContext(viewport: string): ObjectContext | null {
  const kind = objectKindOf(viewport);
  return kind ? {id: SAMPLE_OBJECTS[kind].id, object: SAMPLE_OBJECTS[kind].object} : null;
}

export type Mode = 'test' | 'live';
export const MODES: readonly Mode[] = ['test', 'live'];

export interface DashboardUser {
  /** The `user` query parameter and `userContext.id`. */
  id: string;
  name: string;
  email: string;
  /** Built-in Dashboard role ids (`userContext.roles[].id`). */
  roles: string[];
  roleName: string;
}

export const ADA: DashboardUser = {
  id: 'usr_ada',
  name: 'Ada Admin',
  email: 'ada@example.com',
  roles: ['admin'],
  roleName: 'Administrator',
};
const DANA: DashboardUser = {
  id: 'usr_dana',
  name: 'Dana Developer',
  email: 'dana@example.com',
  roles: ['developer'],
  roleName: 'Developer',
};
export const VIC: DashboardUser = {
  id: 'usr_vic',
  name: 'Vic Viewer',
  email: 'vic@example.com',
  roles: ['view_only'],
  roleName: 'View only',
};
export const USERS: readonly DashboardUser[] = [ADA, DANA, VIC];

export interface DashboardAccount {
  id: string;
  name: string;
  country: string;
}

export const ACCOUNT: DashboardAccount = {id: 'acct_1KeyringLocal', name: 'Local Dashboard Co', country: 'US'};
