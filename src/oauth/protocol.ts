import type {ProviderConfig} from '../config';
import {maxExpiresAt} from '../secrets/types';
import {OAuthError} from './errors';

/**
 * OAuth 2.0 authorization code flow with PKCE, as a Stripe App runs it: each step split into "build the request" and
 * "validate the response → typed data or a coded error". URLs and bodies are built with URL/URLSearchParams; bodies are
 * form-encoded and never put in the query string.
 * @see https://www.rfc-editor.org/rfc/rfc6749 (OAuth 2.0), https://www.rfc-editor.org/rfc/rfc7636 (PKCE),
 *      https://www.rfc-editor.org/rfc/rfc7009 (revocation), https://docs.stripe.com/stripe-apps/pkce-oauth-flow
 */

export type Mode = 'test' | 'live';

/**
 * Where the provider sends the person back: the Dashboard's OAuth return route for this app and mode, on
 * `constants.dashboardOrigin` (Stripe's Dashboard unless a local override manifest says otherwise).
 */
export function redirectUri(appId: string, mode: Mode, dashboardOrigin: string): string {
  return new URL(`${mode === 'test' ? '/test' : ''}/apps-oauth/${encodeURIComponent(appId)}`, dashboardOrigin).href;
}

export function authorizeUrl(
  provider: ProviderConfig,
  params: {redirectUri: string; state: string; challenge: string},
): string {
  const url = new URL(provider.authorizeUrl);
  const query: Record<string, string> = {
    response_type: 'code',
    client_id: provider.clientId,
    redirect_uri: params.redirectUri,
    state: params.state,
    code_challenge: params.challenge,
    code_challenge_method: 'S256',
    scope: provider.scopes.join(' '),
  };
  // Some providers (oidc-provider among them) issue a refresh token only after explicit consent.
  if (provider.scopes.includes('offline_access')) query.prompt = 'consent';
  for (const key in query) url.searchParams.set(key, query[key]);
  return url.href;
}

export interface TokenRequest {
  url: string;
  init: {method: 'POST'; headers: Record<string, string>; body: string};
}

function formPost(url: string, fields: Record<string, string>): TokenRequest {
  return {
    url,
    init: {
      method: 'POST',
      headers: {'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json'},
      body: new URLSearchParams(fields).toString(),
    },
  };
}

export function codeExchangeRequest(
  provider: ProviderConfig,
  params: {code: string; verifier: string; redirectUri: string},
): TokenRequest {
  return formPost(provider.tokenUrl, {
    grant_type: 'authorization_code',
    code: params.code,
    code_verifier: params.verifier,
    client_id: provider.clientId,
    redirect_uri: params.redirectUri,
  });
}

export function refreshRequest(provider: ProviderConfig, refreshToken: string): TokenRequest {
  return formPost(provider.tokenUrl, {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    client_id: provider.clientId,
  });
}

export function revocationRequest(
  revokeUrl: string,
  provider: ProviderConfig,
  token: string,
  hint: 'refresh_token' | 'access_token',
): TokenRequest {
  return formPost(revokeUrl, {token, token_type_hint: hint, client_id: provider.clientId});
}

/** A token response, validated. Lifetimes are seconds from `receivedAt` (unix seconds). */
export interface TokenSet {
  access_token: string;
  token_type: string;
  refresh_token?: string;
  scope?: string;
  /** Unix seconds the access token stops working; absent when the provider does not say. */
  access_expires_at?: number;
  /** Unix seconds the refresh token stops working, where the provider says (e.g. `refresh_token_expires_in`). */
  refresh_expires_at?: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A lifetime in seconds (`expires_in`, `refresh_token_expires_in`), rounded up to a whole second (0.5 → 1). Anything
 * else — absent, zero, negative, not a number — counts as "not stated". How long is never a reason to refuse a token:
 * the secret's expiry is clamped to what Stripe accepts (see `secretExpiry`).
 */
function positiveSeconds(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.ceil(n) : undefined;
}

/**
 * RFC 6749 §5.1/§5.2: a success needs `access_token` and `token_type`; an error carries `error`. A refresh
 * (`previous`) keeps what the answer leaves out: the refresh token, with its lifetime, and the scope.
 */
export function validateTokenResponse(
  status: number,
  body: unknown,
  receivedAt: number,
  previous: Partial<TokenSet> = {},
): TokenSet {
  if (!isRecord(body)) throw new OAuthError({code: 'unreadable_response'});
  const {error, access_token, token_type, refresh_token, scope} = body;
  if (status >= 400 || typeof error === 'string') {
    const code = typeof error === 'string' ? error : `http_${status}`;
    throw new OAuthError(code === 'invalid_grant' ? {code: 'invalid_grant'} : {code: 'provider_error', error: code});
  }
  if (typeof access_token !== 'string' || !access_token) throw new OAuthError({code: 'no_access_token'});
  if (typeof token_type !== 'string' || token_type.toLowerCase() !== 'bearer') {
    throw new OAuthError({code: 'unsupported_token_type'});
  }
  const accessIn = positiveSeconds(body.expires_in);
  const refreshIn = positiveSeconds(body.refresh_token_expires_in);
  const refreshToken = typeof refresh_token === 'string' && refresh_token ? refresh_token : previous.refresh_token;
  return {
    access_token,
    token_type,
    refresh_token: refreshToken,
    scope: typeof scope === 'string' ? scope : previous.scope,
    access_expires_at: accessIn && receivedAt + accessIn,
    // A refresh that keeps the old refresh token keeps its old lifetime.
    refresh_expires_at: refreshIn
      ? receivedAt + refreshIn
      : refreshToken !== undefined && refreshToken === previous.refresh_token
        ? previous.refresh_expires_at
        : undefined,
  };
}

/** The soonest a secret may expire: a minute ahead, so a clock a little ahead of Stripe's is never refused. */
export const MIN_SECRET_LIFETIME_SECONDS = 60;

/**
 * When the stored secret should disappear: with the longest-lived credential it holds. A refresh token without a
 * stated lifetime keeps the secret until disconnect; an access token alone lasts as long as it does. The moment is
 * clamped to what Stripe accepts: at least a minute ahead, at most 100 years less a day (a margin for clocks).
 */
export function secretExpiry(tokens: TokenSet, now: number): number | undefined {
  const until = tokens.refresh_token ? tokens.refresh_expires_at : tokens.access_expires_at;
  if (until === undefined) return undefined;
  return Math.min(Math.max(until, now + MIN_SECRET_LIFETIME_SECONDS), maxExpiresAt(now) - 86_400);
}

/** Refresh this many seconds before the access token runs out, so a call never starts with a dying token. */
const REFRESH_MARGIN_SECONDS = 60;

export function needsRefresh(tokens: TokenSet, now: number): boolean {
  return tokens.access_expires_at !== undefined && tokens.access_expires_at - REFRESH_MARGIN_SECONDS <= now;
}

export interface UserInfo {
  sub: string;
  name?: string;
  email?: string;
}

export function validateUserInfo(status: number, body: unknown): UserInfo {
  if (status === 401) throw new OAuthError({code: 'userinfo_refused'});
  if (status >= 400 || !isRecord(body) || typeof body.sub !== 'string') {
    throw new OAuthError({code: 'no_user'});
  }
  return {
    sub: body.sub,
    name: typeof body.name === 'string' ? body.name : undefined,
    email: typeof body.email === 'string' ? body.email : undefined,
  };
}

/** Two token sets are the same grant state when they hold the same tokens. */
export function sameTokens(a: TokenSet, b: TokenSet): boolean {
  return a.access_token === b.access_token && a.refresh_token === b.refresh_token;
}

/**
 * The stored secret's payload: JSON of the token set, and nothing else the provider sent (no `id_token`: the app
 * never verifies or reads it; who the person is comes from userinfo). Parsing refuses anything else.
 */
const STORED_KEYS = [
  'v',
  'access_token',
  'token_type',
  'refresh_token',
  'scope',
  'access_expires_at',
  'refresh_expires_at',
];

export function serializeTokens(tokens: TokenSet): string {
  // The replacer keeps these keys only, in this order.
  return JSON.stringify({v: 1, ...tokens}, STORED_KEYS);
}

export function parseTokens(payload: string): TokenSet {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    // Falls through to the check below.
  }
  if (
    !isRecord(value) ||
    value.v !== 1 ||
    typeof value.access_token !== 'string' ||
    typeof value.token_type !== 'string'
  ) {
    throw new OAuthError({code: 'damaged_connection'});
  }
  delete value.v;
  return value as unknown as TokenSet;
}

export interface ProviderAnswer {
  status: number;
  body: unknown;
}

/**
 * One request to the provider, aborted after `timeoutMs` (body included), so nothing waits forever on a silent
 * provider. Any answer comes back with its JSON body when it has one; only a request that never completed fails, with
 * the error `failure` makes of it, so the views and the backend each keep their own error type.
 */
export async function sendWithDeadline(
  url: string,
  init: RequestInit,
  timeoutMs: number,
  failure: (why: 'timeout' | 'unreachable') => Error,
): Promise<ProviderAnswer> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), Math.max(1, timeoutMs));
  let status: number;
  let text: string;
  try {
    const response = await fetch(url, {...init, signal: controller.signal});
    status = response.status;
    text = await response.text();
  } catch {
    throw failure(controller.signal.aborted ? 'timeout' : 'unreachable');
  } finally {
    clearTimeout(timer);
  }
  try {
    return {status, body: JSON.parse(text) as unknown};
  } catch {
    return {status, body: undefined};
  }
}
