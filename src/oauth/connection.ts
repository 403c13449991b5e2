import {callBackend, type BackendCaller} from '../backend/request';
import type {ProviderConfig} from '../config';
import {
  characterCount,
  deleteSecret,
  findSecretWithPayload,
  saveSecret,
  SECRET_LIMITS,
  SECRET_NAMES,
  SecretStoreError,
  toSecretError,
  nowInSeconds,
} from '../secrets';
import type {ResolvedScope} from '../secrets';
import {
  codeExchangeRequest,
  needsRefresh,
  parseTokens,
  refreshRequest,
  revocationRequest,
  sameTokens,
  secretExpiry,
  sendWithDeadline,
  serializeTokens,
  validateTokenResponse,
  validateUserInfo,
  type ProviderAnswer,
  type TokenSet,
  type UserInfo,
} from './protocol';
import {fromBackendReason, OAuthError} from './errors';

/**
 * The user's connection to the provider, kept as one user-scoped secret. Every function here takes the scope from
 * `scopeFor('user', userContext)`, so a connection is always the signed-in user's own.
 */
export interface ConnectionDeps {
  provider: ProviderConfig;
  scope: ResolvedScope;
  /**
   * Where a backend is configured: it is the connection's one refresher (its lock spans tabs, instances and webhooks);
   * the views ask it and read what it stored, and never present a refresh token themselves.
   */
  backend?: BackendCaller;
}

const NAME = SECRET_NAMES.oauth;

/**
 * A provider request with the connection's deadline (`constants.provider.timeoutSeconds`, default 15 s): one that has
 * not answered by then is abandoned with a clear message.
 */
function send(deps: ConnectionDeps, {url, init}: {url: string; init: RequestInit}): Promise<ProviderAnswer> {
  const seconds = deps.provider.timeoutSeconds || 15;
  return sendWithDeadline(
    url,
    init,
    seconds * 1000,
    (why) => new OAuthError(why === 'timeout' ? {code: why, seconds} : {code: why}),
  );
}

/**
 * The payload that fits Stripe's 5,000 characters: the token set; when the provider's tokens are too long for that,
 * the refresh token alone (the next use refreshes first). A refresh token that alone does not fit is refused.
 */
export function payloadFor(tokens: TokenSet): string {
  const max = SECRET_LIMITS.maxStringLength;
  const whole = serializeTokens(tokens);
  if (characterCount(whole) <= max) return whole;
  if (tokens.refresh_token) {
    const lean = serializeTokens({...tokens, access_token: '', access_expires_at: 0, scope: undefined});
    if (characterCount(lean) <= max) return lean;
  }
  throw new OAuthError({code: 'too_large', characters: characterCount(whole), max});
}

function store(deps: ConnectionDeps, tokens: TokenSet): Promise<unknown> {
  return saveSecret(deps.scope, NAME, payloadFor(tokens), {
    expiresAt: secretExpiry(tokens, nowInSeconds()),
    payloadLabel: 'Connection',
  });
}

/** The stored token set, or undefined when there is none. */
function readTokens(deps: ConnectionDeps): Promise<TokenSet | undefined> {
  return findSecretWithPayload(deps.scope, NAME).then((found) =>
    found.status === 'missing' ? undefined : parseTokens(found.payload),
  );
}

async function revokeQuietly(deps: ConnectionDeps, tokens: TokenSet): Promise<boolean> {
  const url = deps.provider.revokeUrl;
  let revoked = false;
  for (const hint of ['refresh_token', 'access_token'] as const) {
    const token = tokens[hint];
    if (!url || !token) continue;
    try {
      revoked = (await send(deps, revocationRequest(url, deps.provider, token, hint))).status === 200 || revoked;
    } catch {
      // Best effort (RFC 7009 §2.2): the connection is removed here whatever the provider says.
    }
  }
  return revoked;
}

/** Step 4 of the PKCE flow: exchange the code once, then save; if saving fails, revoke what was issued. */
export async function completeConnection(
  deps: ConnectionDeps,
  params: {code: string; verifier: string; redirectUri: string},
): Promise<TokenSet> {
  const now = nowInSeconds();
  const {status, body} = await send(deps, codeExchangeRequest(deps.provider, params));
  const tokens = validateTokenResponse(status, body, now);
  try {
    await store(deps, tokens);
  } catch (err) {
    await revokeQuietly(deps, tokens);
    throw err;
  }
  return tokens;
}

/**
 * One refresh in flight per connection in this worker (a Dashboard tab runs the app in its own worker): a second
 * caller waits for the first instead of sending the same refresh token again, which a rotating provider would take
 * as a replay and end the grant.
 */
const refreshes = new Map<string, Promise<TokenSet>>();
const connectionKey = ({scope, provider}: ConnectionDeps) =>
  `${scope.type === 'user' ? scope.user : ''} ${provider.tokenUrl}`;

/**
 * The connection is gone: asked to connect again. The secret is deleted only while it still holds the refused set
 * (`latest`, just read): another tab may have stored a newer one.
 */
async function gone(deps: ConnectionDeps, refused?: TokenSet, latest?: TokenSet): Promise<never> {
  if (refused && latest && sameTokens(latest, refused)) await deleteSecret(deps.scope, NAME);
  throw new OAuthError({code: 'revoked'});
}

/**
 * Refreshes `tokens`. When the provider refuses (`invalid_grant`), the secret is read again first: another tab (its
 * own worker, out of reach of the single flight) may have refreshed the same tokens and stored a newer set, which is
 * then used. Only when the secret still holds the refused set is it deleted and the person asked to connect again.
 */
async function refresh(deps: ConnectionDeps, tokens: TokenSet, retried = false): Promise<TokenSet> {
  if (tokens.refresh_token) {
    try {
      const now = nowInSeconds();
      const {status, body} = await send(deps, refreshRequest(deps.provider, tokens.refresh_token));
      const refreshed = validateTokenResponse(status, body, now, tokens);
      await store(deps, refreshed);
      return refreshed;
    } catch (err) {
      if (!(err instanceof OAuthError && err.code === 'invalid_grant')) throw err;
    }
  }
  const latest = await readTokens(deps);
  if (latest && !sameTokens(latest, tokens)) {
    if (!needsRefresh(latest, nowInSeconds())) return latest;
    if (!retried) return refresh(deps, latest, true);
  }
  return gone(deps, tokens, latest);
}

/** What the backend answers a refresh with: a reason when the connection could not be refreshed. */
type Refreshed = {ok: boolean; reason?: string};

/**
 * The backend refreshes (`force`: the provider refused the stored access token), then the secret is read again: the
 * views use what the backend stored. Its reasons are the views' own codes; a request that got no answer is
 * `backend_failed`.
 */
function refreshAtBackend(deps: ConnectionDeps, caller: BackendCaller, force: boolean): Promise<TokenSet> {
  return callBackend<Refreshed>(caller, 'connection.refresh', force ? {force} : {})
    .then((answer) => {
      if (!answer.ok) throw new OAuthError(fromBackendReason(answer.reason));
      return readTokens(deps);
    })
    .then((tokens) => tokens || gone(deps));
}

/**
 * The tokens, ready to use: refreshed first when the access token has run out or is about to, or when the provider
 * just refused it (`refused`). A refused refresh removes the connection, so the person is asked to connect again.
 */
export async function usableTokens(deps: ConnectionDeps, refused?: TokenSet): Promise<TokenSet> {
  const tokens = await readTokens(deps);
  if (!tokens) throw new OAuthError({code: 'not_connected'});
  const stale = refused !== undefined && sameTokens(tokens, refused);
  if (!stale && !needsRefresh(tokens, nowInSeconds())) return tokens;
  const key = connectionKey(deps);
  let flight = refreshes.get(key);
  if (!flight) {
    flight = (deps.backend ? refreshAtBackend(deps, deps.backend, stale) : refresh(deps, tokens)).finally(() =>
      refreshes.delete(key),
    );
    refreshes.set(key, flight);
  }
  return flight;
}

/**
 * Who the person is connected as, from the provider's userinfo endpoint: proof the connection works. An access token
 * the provider refuses is refreshed once (it may have been revoked alone, or replaced by another tab); a second refusal
 * means the connection is gone.
 */
export async function connectedUser(deps: ConnectionDeps): Promise<UserInfo> {
  const url = deps.provider.userinfoUrl;
  if (!url) throw new OAuthError({code: 'no_userinfo_url'});
  let refused: TokenSet | undefined;
  for (;;) {
    const tokens = await usableTokens(deps, refused);
    const {status, body} = await send(deps, {
      url,
      init: {headers: {Authorization: `Bearer ${tokens.access_token}`, Accept: 'application/json'}},
    });
    if (status !== 401) return validateUserInfo(status, body);
    if (refused) return gone(deps, tokens, await readTokens(deps));
    refused = tokens;
  }
}

/**
 * Revoke at the provider (best effort), then delete the secret — never overwrite it with an empty value. When the
 * delete fails after the tokens were revoked, the error says so: the saved tokens no longer work.
 */
export async function disconnect(deps: ConnectionDeps): Promise<void> {
  const tokens = await readTokens(deps).catch((err: unknown) => {
    if (err instanceof SecretStoreError) throw err; // A damaged payload cannot be revoked; it is still deleted.
  });
  const revoked = !!tokens && (await revokeQuietly(deps, tokens));
  try {
    await deleteSecret(deps.scope, NAME);
  } catch (err) {
    if (!revoked) throw err;
    throw new OAuthError({code: 'not_removed', cause: toSecretError(err)});
  }
}
