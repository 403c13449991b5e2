import {CONSTANTS_SCHEMA, type Mode} from './app-seam';

/**
 * The backend's configuration, from the environment only (nothing is read from disk), checked once at start: every
 * missing or malformed value is named in one error, each on its own line, so a deploy fails loudly and completely
 * instead of one variable at a time. Secret values never appear in a message.
 */

export const DEFAULT_PORT = 4245;
/**
 * How long one provider request may take unless KEYRING_PROVIDER_TIMEOUT_SECONDS says otherwise (the views' default).
 */
export const DEFAULT_PROVIDER_TIMEOUT_SECONDS = 15;

export interface ProviderEndpoints {
  tokenUrl: string;
  userinfoUrl: string;
  keyCheckUrl: string;
  clientId: string;
  /** One provider request, and the refresh lock's lease, last at most this long. */
  timeoutMs: number;
}

export interface BackendConfig {
  /** The platform's secret (or restricted) key per mode; a signed request in a mode without one is refused. */
  stripeKeys: Partial<Record<Mode, string>>;
  /** Where the Stripe API is (the local emulator in development); Stripe's own when absent. */
  stripeApiBase?: {protocol: 'http' | 'https'; host: string; port: number};
  /** The app's signing secrets (`absec_…`); more than one during a rotation. */
  signingSecrets: string[];
  /** One webhook endpoint secret (`whsec_…`) per mode; webhooks are refused when neither is set. */
  webhookSecrets: Partial<Record<Mode, string>>;
  redisUrl?: string;
  provider: ProviderEndpoints;
  /** Dashboard roles that may act on the account's API key (the manifest's `manageRoles`). */
  manageRoles: string[];
  port: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`The backend's configuration is not usable:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const STRIPE_KEY = /^(sk|rk)_(test|live)_[A-Za-z0-9]+$/;
const SIGNING_SECRET = /^absec_[A-Za-z0-9]+$/;
const WEBHOOK_SECRET = /^whsec_[A-Za-z0-9]+$/;
const ROLE = /^[a-z0-9_]+$/;

type Env = Record<string, string | undefined>;

/** Reads and checks the environment; throws one ConfigError naming every problem. */
export function loadConfig(env: Env, overrides: {port?: number} = {}): BackendConfig {
  const problems: string[] = [];
  const value = (name: string) => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };

  // Stripe keys: the general one names its own mode; a per-mode one must be of that mode.
  const stripeKeys: Partial<Record<Mode, string>> = {};
  const general = value('STRIPE_SECRET_KEY');
  if (general !== undefined) {
    const match = STRIPE_KEY.exec(general);
    if (match) stripeKeys[match[2] as Mode] = general;
    else
      problems.push(
        'STRIPE_SECRET_KEY is not a Stripe secret or restricted key (sk_test_…, sk_live_…, rk_test_…, rk_live_…)',
      );
  }
  for (const mode of ['test', 'live'] as const) {
    const name = `STRIPE_SECRET_KEY_${mode.toUpperCase()}`;
    const key = value(name);
    if (key === undefined) continue;
    const match = STRIPE_KEY.exec(key);
    if (!match) problems.push(`${name} is not a Stripe secret or restricted key (sk_${mode}_… or rk_${mode}_…)`);
    else if (match[2] !== mode) problems.push(`${name} is a ${match[2]}-mode key; it must be a ${mode}-mode key`);
    else stripeKeys[mode] = key;
  }
  if (general === undefined && !value('STRIPE_SECRET_KEY_TEST') && !value('STRIPE_SECRET_KEY_LIVE')) {
    problems.push(
      'STRIPE_SECRET_KEY is missing: the platform account’s secret key, used with Stripe-Account for every Secret Store call',
    );
  }

  let stripeApiBase: BackendConfig['stripeApiBase'];
  const base = value('STRIPE_API_BASE');
  if (base !== undefined) {
    const url = parseUrl(base);
    if (!url || url.pathname !== '/' || url.search || url.hash)
      problems.push('STRIPE_API_BASE must be a bare http(s) origin, e.g. http://127.0.0.1:4243');
    else {
      const protocol = url.protocol === 'https:' ? 'https' : 'http';
      stripeApiBase = {
        protocol,
        host: url.hostname,
        port: url.port ? Number(url.port) : protocol === 'https' ? 443 : 80,
      };
    }
  }

  const signing = (value('KEYRING_SIGNING_SECRETS') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (signing.length === 0)
    problems.push(
      'KEYRING_SIGNING_SECRETS is missing: the app’s signing secret(s), absec_…, comma-separated during a rotation',
    );
  signing.forEach((secret, i) => {
    if (!SIGNING_SECRET.test(secret))
      problems.push(
        `KEYRING_SIGNING_SECRETS entry ${i + 1} is not a signing secret (absec_ followed by letters and digits)`,
      );
  });

  const webhookSecrets: Partial<Record<Mode, string>> = {};
  for (const mode of ['test', 'live'] as const) {
    const name = `STRIPE_WEBHOOK_SECRET_${mode.toUpperCase()}`;
    const secret = value(name);
    if (secret === undefined) continue;
    if (WEBHOOK_SECRET.test(secret)) webhookSecrets[mode] = secret;
    else problems.push(`${name} is not a webhook endpoint secret (whsec_ followed by letters and digits)`);
  }

  const redisUrl = value('REDIS_URL');
  if (redisUrl !== undefined) {
    const url = parseUrl(redisUrl, ['redis:', 'rediss:']);
    if (!url) problems.push('REDIS_URL must be a redis:// or rediss:// URL');
  }

  const providerUrl = (name: string, what: string): string => {
    const v = value(name);
    if (v === undefined) problems.push(`${name} is missing: the provider’s ${what}`);
    else if (!parseUrl(v)) problems.push(`${name} must be an http(s) URL`);
    return v ?? '';
  };
  const tokenUrl = providerUrl('KEYRING_PROVIDER_TOKEN_URL', 'token endpoint');
  const userinfoUrl = providerUrl('KEYRING_PROVIDER_USERINFO_URL', 'userinfo endpoint');
  const keyCheckUrl = providerUrl('KEYRING_PROVIDER_KEY_CHECK_URL', 'API-key check endpoint');
  const clientId = value('KEYRING_PROVIDER_CLIENT_ID') ?? '';
  if (!clientId) problems.push('KEYRING_PROVIDER_CLIENT_ID is missing: the OAuth client id the views use');
  let timeoutSeconds = DEFAULT_PROVIDER_TIMEOUT_SECONDS;
  const timeout = value('KEYRING_PROVIDER_TIMEOUT_SECONDS');
  if (timeout !== undefined) {
    const n = Number(timeout);
    if (!/^\d+$/.test(timeout) || n < 1 || n > 120)
      problems.push('KEYRING_PROVIDER_TIMEOUT_SECONDS must be a whole number of seconds from 1 to 120');
    else timeoutSeconds = n;
  }

  let manageRoles: string[] = [...CONSTANTS_SCHEMA.manageRoles.default];
  const roles = value('KEYRING_MANAGE_ROLES');
  if (roles !== undefined) {
    manageRoles = roles
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean);
    if (manageRoles.length === 0 || manageRoles.some((r) => !ROLE.test(r)))
      problems.push('KEYRING_MANAGE_ROLES must be comma-separated Dashboard role ids, e.g. admin,developer');
  }

  let port = DEFAULT_PORT;
  if (overrides.port !== undefined) port = overrides.port;
  else if (value('PORT') !== undefined) port = Number(value('PORT'));
  if (
    !Number.isInteger(port) ||
    port < 0 ||
    port > 65535 ||
    (overrides.port === undefined && value('PORT') !== undefined && !/^\d+$/.test(value('PORT') as string))
  ) {
    problems.push('PORT must be a whole number from 0 to 65535 (0 picks a free port)');
  }

  if (problems.length) throw new ConfigError(problems);
  return {
    stripeKeys,
    stripeApiBase,
    signingSecrets: signing,
    webhookSecrets,
    redisUrl,
    provider: {tokenUrl, userinfoUrl, keyCheckUrl, clientId, timeoutMs: timeoutSeconds * 1000},
    manageRoles,
    port,
  };
}

function parseUrl(text: string, protocols = ['http:', 'https:']): URL | undefined {
  try {
    const url = new URL(text);
    return protocols.includes(url.protocol) ? url : undefined;
  } catch {
    return undefined;
  }
}
