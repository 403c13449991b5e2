/**
 * Facts from Stripe's manifest schema (stripe/stripe-apps `schema/stripe-app.schema.json`) and the platform docs,
 * written down here because the project checks its manifest without network access or the schema file.
 * @see https://docs.stripe.com/stripe-apps/reference/app-manifest
 */
export const TOP_LEVEL_KEYS = [
  '$schema',
  'id',
  'version',
  'name',
  'icon',
  'permissions',
  'post_install_action',
  'ui_extension',
  'constants',
  'allowed_redirect_uris',
  'distribution_type',
  'stripe_api_access_type',
  'sandbox_install_compatible',
] as const;

export const REQUIRED_KEYS = ['id', 'version', 'name', 'icon', 'permissions', 'ui_extension'] as const;

export const VIEWPORTS = [
  'onboarding',
  'settings',
  'stripe.dashboard.balance.overview',
  'stripe.dashboard.billing.overview',
  'stripe.dashboard.customer.detail',
  'stripe.dashboard.customer.detail.page-module',
  'stripe.dashboard.customer.list',
  'stripe.dashboard.drawer.default',
  'stripe.dashboard.home.overview',
  'stripe.dashboard.invoice.detail',
  'stripe.dashboard.invoice.detail.page-module',
  'stripe.dashboard.invoice.list',
  'stripe.dashboard.payment-link.detail',
  'stripe.dashboard.payment-link.list',
  'stripe.dashboard.payment.detail',
  'stripe.dashboard.payment.list',
  'stripe.dashboard.product.detail',
  'stripe.dashboard.product.list',
  'stripe.dashboard.report.overview',
  'stripe.dashboard.revenue-recognition.overview',
  'stripe.dashboard.subscription.detail',
  'stripe.dashboard.subscription.list',
  'stripe.dashboard.tax-report.overview',
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

/** Every permission the schema allows (its spelling, `shpping_rate_write` included). */
export const PERMISSIONS = [
  'account_link_write',
  'application_fee_read',
  'application_fee_write',
  'apply_pay_domain_read',
  'apply_pay_domain_write',
  'balance_read',
  'balance_transaction_source_read',
  'billing_clock_read',
  'billing_clock_write',
  'capital_for_platforms_financing_offer_read',
  'charge_read',
  'charge_write',
  'checkout_session_read',
  'checkout_session_write',
  'connected_account_read',
  'coupon_read',
  'coupon_write',
  'credit_note_read',
  'credit_note_write',
  'customer_portal_read',
  'customer_portal_write',
  'customer_read',
  'customer_write',
  'dispute_read',
  'dispute_write',
  'edit_link_write',
  'elements_write',
  'event_read',
  'file_read',
  'file_write',
  'invoice_read',
  'invoice_write',
  'issuing_authorization_read',
  'issuing_authorization_write',
  'issuing_card_read',
  'issuing_card_write',
  'issuing_cardholder_read',
  'issuing_cardholder_write',
  'issuing_dispute_read',
  'issuing_dispute_write',
  'issuing_transaction_read',
  'issuing_transaction_write',
  'mandate_read',
  'mandate_write',
  'order_read',
  'order_write',
  'payment_intent_read',
  'payment_intent_write',
  'payment_links_read',
  'payment_links_write',
  'payment_method_read',
  'payment_method_write',
  'payout_read',
  'payout_write',
  'plan_read',
  'plan_write',
  'product_read',
  'product_write',
  'quote_read',
  'quote_write',
  'report_runs_and_report_types_read',
  'secret_write',
  'setup_intent_read',
  'setup_intent_write',
  'shipping_rate_read',
  'shpping_rate_write',
  'sku_read',
  'sku_write',
  'source_read',
  'source_write',
  'stripecli_session_write',
  'subscription_read',
  'subscription_write',
  'tax_rate_read',
  'tax_rate_write',
  'token_read',
  'token_write',
  'top_up_read',
  'top_up_write',
  'transfer_read',
  'transfer_write',
  'usage_record_read',
  'usage_record_write',
  'user_email_read',
  'webhook_read',
  'webhook_write',
] as const;

/** `allowed_redirect_uris[]` and `connect-src[]` entries: http(s), with a path (the schema's own patterns). */
export const REDIRECT_URI_PATTERN = /^https?:\/\/.*\/.+/;
/** `image-src[]` entries. */
export const IMAGE_SRC_PATTERN = /^https?:\/\/.+/;
