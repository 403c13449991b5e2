/**
 * Facts from Stripe's manifest schema (stripe/stripe-apps `schema/stripe-app.schema.json`) and the platform docs,
 * written down here because the project checks its manifest without network access or the schema file.
 * @see https://docs.stripe.com/stripe-apps/reference/app-manifest
 */
export const TOP_LEVEL_KEYS = [
  '$schema', 'id', 'version', 'name', 'icon', 'permissions', 'post_install_action', 'ui_extension', 'constants',
  'allowed_redirect_uris', 'distribution_type', 'stripe_api_access_type', 'sandbox_install_compatible',
] as const;

export const REQUIRED_KEYS = ['id', 'version', 'name', 'icon', 'permissions', 'ui_extension'] as const;

export const VIEWPORTS = [
  'onboarding', 'settings',
  'stripe.dashboard.balance.overview', 'stripe.dashboard.billing.overview',
  'stripe.dashboard.customer.detail', 'stripe.dashboard.customer.detail.page-module', 'stripe.dashboard.customer.list',
  'stripe.dashboard.drawer.default', 'stripe.dashboard.home.overview',
  'stripe.dashboard.invoice.detail', 'stripe.dashboard.invoice.detail.page-module', 'stripe.dashboard.invoice.list',
  'stripe.dashboard.payment-link.detail', 'stripe.dashboard.payment-link.list',
  'stripe.dashboard.payment.detail', 'stripe.dashboard.payment.list',
  'stripe.dashboard.product.detail', 'stripe.dashboard.product.list',
  'stripe.dashboard.report.overview', 'stripe.dashboard.revenue-recognition.overview',
  'stripe.dashboard.subscription.detail', 'stripe.dashboard.subscription.list', 'stripe.dashboard.tax-report.overview',
] as const;

/** Views Keyring must have: the default drawer, one per object page it supports, and settings. */
export const KEYRING_VIEWPORTS = [
  'stripe.dashboard.drawer.default',
  'stripe.dashboard.customer.detail',
  'stripe.dashboard.payment.detail',
  'stripe.dashboard.invoice.detail',
  'stripe.dashboard.subscription.detail',
  'stripe.dashboard.product.detail',
  'settings',
] as const;

export const ID_PATTERN = /^[a-zA-Z0-9_\-.]+$/;
export const COMPONENT_PATTERN = /^[a-zA-Z0-9_]+$/;
export const ICON_PATTERN = /^$|^\.\/((\.\.\/|[a-zA-Z0-9_/\-\\])[^.]*\.png)$/;
export const DISTRIBUTION_TYPES = ['public', 'private'];
export const API_ACCESS_TYPES = ['restricted_api_key', 'oauth', 'platform'];
export const POST_INSTALL_TYPES = ['settings', 'onboarding', 'external'];

/** The one Secret Store permission (there is no `secret_read`). */
export const SECRET_PERMISSION = 'secret_write';

/** Stripe's own API hosts may not appear in `connect-src`; views reach Stripe through the SDK client. */
export const STRIPE_API_HOSTS = ['api.stripe.com', 'files.stripe.com', 'connect.stripe.com'];
