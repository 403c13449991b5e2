/**
 * What the local OAuth provider is started with, and its fixed facts. Kept apart from server.ts so that code which only
 * spawns the provider (Jest, the local Dashboard) never loads oidc-provider, an ES-module-only package.
 */

export const DEFAULT_PORT = 4244;
export const CLIENT_ID = 'keyring-stripe-app';
export const CLIENT_NAME = 'Keyring';
/** Every endpoint the app calls is under this prefix, so the manifest lists one `connect-src` entry. */
export const OAUTH_PREFIX = '/oauth';
export const DEFAULT_ACCESS_TOKEN_TTL = 60 * 60;
export const DEFAULT_REFRESH_TOKEN_TTL = 14 * 24 * 60 * 60;
export const LISTENING_LINE = 'OAuth provider listening on';
/** What the provider prints once it has moved its clock on (for `advanceClock`). */
export const CLOCK_LINE = 'OAuth provider clock advanced by';
/** The global under which a Jest worker's test environment keeps provider processes between files (see spawn.ts). */
export const OAUTH_POOL = '__keyringOAuthProviders';
/** What a pooled provider process prints once it has stopped its provider (see cli.ts, `--pooled`). */
export const STOPPED_LINE = 'OAuth provider stopped';
/** What a pooled provider process prints when a provider could not start, followed by the reason. */
export const START_FAILED_LINE = 'OAuth provider could not start:';

/** Development users offered on the login page; any other email address may be typed in. */
export const LOCAL_USERS: readonly {email: string; name: string}[] = [
  {email: 'ada@example.com', name: 'Ada Lovelace'},
  {email: 'vic@example.com', name: 'Vic Vance'},
  {email: 'grace@example.com', name: 'Grace Hopper'},
];

export interface OAuthProviderOptions {
  /** Port on 127.0.0.1; 0 picks a free one. Default 4244. */
  port?: number;
  /** Redirect URIs registered for the client `keyring-stripe-app`. */
  redirectUris: string[];
  /** Access token lifetime in seconds (default one hour). */
  accessTokenTtl?: number;
  /** Refresh token lifetime in seconds (default 14 days); the provider states it as `refresh_token_expires_in`. */
  refreshTokenTtl?: number;
  /**
   * Seconds a rotated refresh token may still be used (Okta's "grace period", Auth0's "reuse interval"); each reuse
   * within it is a normal refresh. Default 0: a reuse is refused and ends the whole grant, as oidc-provider and the
   * OAuth security BCP do.
   */
  refreshReuseGrace?: number;
  /**
   * What a reuse after the grace period does: `'revoke'` (default) ends the whole grant, as oidc-provider and the BCP
   * do; `'refuse'` only refuses that token (`invalid_grant`) and keeps the grant, as some providers do.
   */
  refreshReuse?: 'revoke' | 'refuse';
  /**
   * Length in characters of each access and refresh token, and at least that of the ID token (a JWT padded with a
   * claim), as common providers issue JWTs of 1–2.5 KB. Default 0: oidc-provider's own sizes (43-character opaque
   * tokens, an ID token of about 800).
   */
  tokenSize?: number;
  /** Milliseconds the token endpoint waits before it answers, or `'hang'`: it never answers. Default 0. */
  tokenDelay?: number | 'hang';
  /** One line per request: method, path, status, time. Never a query string, body, token or code. */
  log?: (line: string) => void;
  /** Serve this inherited listening socket (bound to `port` by a parent) instead of binding the port. */
  fd?: number;
}

export interface RunningOAuthProvider {
  /** The issuer, `http://127.0.0.1:<port>`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Checks options before anything starts; throws an Error naming the problem. */
/** The longest token `tokenSize` may ask for (the provider reads forms of at most 16 KiB). */
export const MAX_TOKEN_SIZE = 8192;

/** Reads a `--token-delay` value: a whole number of milliseconds, or `hang`. */
export function parseTokenDelay(value: string): number | 'hang' {
  if (value === 'hang') return 'hang';
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 0)
    throw new Error('token delay must be a whole number of milliseconds, or hang');
  return n;
}

export function checkOptions(options: OAuthProviderOptions): Required<Omit<OAuthProviderOptions, 'log' | 'fd'>> {
  const port = options.port ?? DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error('port must be a whole number from 0 to 65535');
  if (!Array.isArray(options.redirectUris) || options.redirectUris.length === 0) {
    throw new Error('at least one redirect URI is needed (--redirect-uri <uri>)');
  }
  for (const uri of options.redirectUris) {
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      throw new Error(`redirect URI is not a URL: ${uri}`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`redirect URI must be http(s): ${uri}`);
    if (url.hash) throw new Error(`redirect URI must not have a fragment: ${uri}`);
  }
  const ttl = (value: number | undefined, fallback: number, name: string) => {
    const n = value ?? fallback;
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number of seconds, at least 1`);
    return n;
  };
  const whole = (value: number | undefined, name: string, max: number) => {
    const n = value ?? 0;
    if (!Number.isInteger(n) || n < 0 || n > max) throw new Error(`${name} must be a whole number from 0 to ${max}`);
    return n;
  };
  const reuse = options.refreshReuse ?? 'revoke';
  if (reuse !== 'revoke' && reuse !== 'refuse') throw new Error('refresh reuse must be revoke or refuse');
  const tokenDelay = options.tokenDelay ?? 0;
  if (tokenDelay !== 'hang') whole(tokenDelay, 'token delay (ms)', 10 * 60 * 1000);
  const tokenSize = whole(options.tokenSize, 'token size', MAX_TOKEN_SIZE);
  if (tokenSize !== 0 && tokenSize < 43)
    throw new Error('token size must be 0 (the default) or at least 43 characters');
  return {
    port,
    redirectUris: [...options.redirectUris],
    accessTokenTtl: ttl(options.accessTokenTtl, DEFAULT_ACCESS_TOKEN_TTL, 'access token TTL'),
    refreshTokenTtl: ttl(options.refreshTokenTtl, DEFAULT_REFRESH_TOKEN_TTL, 'refresh token TTL'),
    refreshReuseGrace: whole(options.refreshReuseGrace, 'refresh reuse grace (s)', 24 * 60 * 60),
    refreshReuse: reuse,
    tokenSize,
    tokenDelay,
  };
}
