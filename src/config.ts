import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';

/**
 * The app's configuration, read from the manifest's `constants` (they reach views as `environment.constants`).
 * Each constant is checked at build time (`npm run check:manifest`, run by `npm run build` and `npm test`), where a
 * mistake is reported once with its path; at run time this only applies defaults and refuses a missing block, so the
 * bundle does not carry a second validator.
 * @see https://docs.stripe.com/stripe-apps/reference/app-manifest
 */
export interface ProviderConfig {
  name: string;
  authorizeUrl: string;
  tokenUrl: string;
  revokeUrl?: string;
  userinfoUrl?: string;
  clientId: string;
  scopes: string[];
}

export interface ApiKeyConfig {
  label: string;
  /** A regular expression the key must match before it is sent. */
  format?: string;
  /** Words shown when the format does not match. */
  example?: string;
}

export interface KeyringConfig {
  /** The manifest's `id`: part of the Dashboard's OAuth return URL. */
  appId: string;
  /** Where the Dashboard runs; the OAuth return URL is on it. A local override manifest points it at the local host. */
  dashboardOrigin: string;
  provider: ProviderConfig;
  apiKey: ApiKeyConfig;
  /** Dashboard role ids allowed to save or remove the account's API key. */
  manageRoles: string[];
  expiryWarningDays: number;
}

export const DEFAULT_MANAGE_ROLES = ['admin', 'super_admin', 'developer'];
export const DEFAULT_EXPIRY_WARNING_DAYS = 7;
export const DEFAULT_DASHBOARD_ORIGIN = 'https://dashboard.stripe.com';

export class ConfigError extends Error {
  constructor(message: string) {
    super(`stripe-app.json constants: ${message}`);
    this.name = 'ConfigError';
  }
}

type Json = ExtensionContextValue['environment']['constants'];

export function parseConfig(constants: Json): KeyringConfig {
  const c = (constants || {}) as Partial<KeyringConfig>;
  for (const key of ['appId', 'provider', 'apiKey'] as const) {
    if (!c[key]) throw new ConfigError(`${key} is missing (npm run check:manifest explains)`);
  }
  return {
    ...(c as KeyringConfig),
    dashboardOrigin: c.dashboardOrigin || DEFAULT_DASHBOARD_ORIGIN,
    manageRoles: c.manageRoles || DEFAULT_MANAGE_ROLES,
    expiryWarningDays: c.expiryWarningDays ?? DEFAULT_EXPIRY_WARNING_DAYS,
  };
}
