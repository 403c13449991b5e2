import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import {CONSTANTS_SCHEMA} from './configSchema';

/**
 * The app's configuration, read from the manifest's `constants` (they reach views as `environment.constants`).
 * Each constant is checked at build time (`npm run check:manifest`, run by `npm run build` and `npm test`) against
 * `CONSTANTS_SCHEMA`, where a mistake is reported once with its path; at run time this only applies the schema's
 * defaults and refuses a missing block, so the bundle does not carry a second validator.
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
  /** How long one request to the provider may take, in seconds (default 15). */
  timeoutSeconds?: number;
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
  /**
   * The app's backend (`…/actions/<action>`, called with `fetchStripeSignature`): https in the production manifest; the
   * local override points it at `npm start`'s backend. Without it the views work alone, as before.
   */
  backendUrl?: string;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(`stripe-app.json constants: ${message}`);
    this.name = 'ConfigError';
  }
}

type Json = ExtensionContextValue['environment']['constants'];

/** The constants with the schema's defaults filled in; a missing required field or block is a `ConfigError`. */
export function parseConfig(constants: Json): KeyringConfig {
  const given = (constants || {}) as Record<string, unknown>;
  const config: Record<string, unknown> = {...given};
  for (const key in CONSTANTS_SCHEMA) {
    const field: {kind: string; required?: true; default?: unknown} =
      CONSTANTS_SCHEMA[key as keyof typeof CONSTANTS_SCHEMA];
    const value = given[key];
    if (value === undefined || value === null || value === '') {
      if ('default' in field) config[key] = field.default;
      else if (field.required || field.kind === 'block')
        throw new ConfigError(`${key} is missing (npm run check:manifest explains)`);
    }
  }
  return config as unknown as KeyringConfig;
}
