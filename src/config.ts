import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';

/**
 * The app's configuration, read from the manifest's `constants` (they reach views as `environment.constants`).
 * Parsed once here so that no view reads raw JSON; a missing or malformed entry is a clear error, not a crash later.
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(source: Record<string, unknown>, key: string, where: string): string {
  const value = source[key];
  if (typeof value !== 'string' || value.length === 0) {
    throw new ConfigError(`${where}.${key} must be a non-empty string`);
  }
  return value;
}

function optionalText(source: Record<string, unknown>, key: string, where: string): string | undefined {
  return source[key] === undefined ? undefined : text(source, key, where);
}

function url(source: Record<string, unknown>, key: string, where: string): string {
  const value = text(source, key, where);
  try {
    new URL(value);
  } catch {
    throw new ConfigError(`${where}.${key} is not a URL: ${value}`);
  }
  return value;
}

function optionalUrl(source: Record<string, unknown>, key: string, where: string): string | undefined {
  return source[key] === undefined ? undefined : url(source, key, where);
}

function stringList(source: Record<string, unknown>, key: string, where: string, fallback?: string[]): string[] {
  const value = source[key];
  if (value === undefined && fallback) return fallback;
  if (!Array.isArray(value) || !value.every((item): item is string => typeof item === 'string')) {
    throw new ConfigError(`${where}.${key} must be a list of strings`);
  }
  return value;
}

export function parseConfig(constants: Json): KeyringConfig {
  if (!isRecord(constants)) throw new ConfigError('missing');
  const provider = constants.provider;
  const apiKey = constants.apiKey;
  if (!isRecord(provider)) throw new ConfigError('provider must be an object');
  if (!isRecord(apiKey)) throw new ConfigError('apiKey must be an object');
  const format = optionalText(apiKey, 'format', 'apiKey');
  if (format !== undefined) {
    try {
      new RegExp(format);
    } catch {
      throw new ConfigError(`apiKey.format is not a regular expression: ${format}`);
    }
  }
  const warningDays = constants.expiryWarningDays ?? DEFAULT_EXPIRY_WARNING_DAYS;
  if (typeof warningDays !== 'number' || !(warningDays >= 0)) {
    throw new ConfigError('expiryWarningDays must be a number of days');
  }
  return {
    appId: text(constants, 'appId', 'constants'),
    dashboardOrigin: constants.dashboardOrigin === undefined ? DEFAULT_DASHBOARD_ORIGIN : url(constants, 'dashboardOrigin', 'constants'),
    provider: {
      name: text(provider, 'name', 'provider'),
      authorizeUrl: url(provider, 'authorizeUrl', 'provider'),
      tokenUrl: url(provider, 'tokenUrl', 'provider'),
      revokeUrl: optionalUrl(provider, 'revokeUrl', 'provider'),
      userinfoUrl: optionalUrl(provider, 'userinfoUrl', 'provider'),
      clientId: text(provider, 'clientId', 'provider'),
      scopes: stringList(provider, 'scopes', 'provider'),
    },
    apiKey: {label: text(apiKey, 'label', 'apiKey'), format, example: optionalText(apiKey, 'example', 'apiKey')},
    manageRoles: stringList(constants, 'manageRoles', 'constants', DEFAULT_MANAGE_ROLES),
    expiryWarningDays: warningDays,
  };
}
