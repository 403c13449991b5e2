import type {ProviderConfig} from '../config';
import {deleteSecret, findSecretWithPayload, saveSecret, SECRET_NAMES, SecretStoreError, nowInSeconds} from '../secrets';
import type {ResolvedScope} from '../secrets';
import {
  codeExchangeRequest,
  needsRefresh,
  OAuthError,
  parseTokens,
  refreshRequest,
  revocationRequest,
  secretExpiry,
  serializeTokens,
  validateTokenResponse,
  validateUserInfo,
  type TokenRequest,
  type TokenSet,
  type UserInfo,
} from './protocol';

/**
 * The user's connection to the provider, kept as one user-scoped secret. Every function here takes the scope from
 * `scopeFor('user', userContext)`, so a connection is always the signed-in user's own.
 */
export interface ConnectionDeps {
  provider: ProviderConfig;
  scope: ResolvedScope;
  now?: () => number;
}

const NAME = SECRET_NAMES.oauth;

/** Any answer, with its JSON body when it has one; only a request that never completed is an error. */
async function send(url: string, init: RequestInit): Promise<{status: number; body: unknown}> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch {
    throw new OAuthError('unreachable', 'Couldn’t reach the sign-in service. Try again in a moment.');
  }
  const text = await response.text();
  try {
    return {status: response.status, body: JSON.parse(text) as unknown};
  } catch {
    return {status: response.status, body: undefined};
  }
}

const post = (request: TokenRequest) => send(request.url, request.init);

function store(deps: ConnectionDeps, tokens: TokenSet): Promise<unknown> {
  return saveSecret(deps.scope, NAME, serializeTokens(tokens), {expiresAt: secretExpiry(tokens), payloadLabel: 'Connection'});
}

async function revokeQuietly(deps: ConnectionDeps, tokens: TokenSet): Promise<void> {
  const url = deps.provider.revokeUrl;
  if (!url) return;
  const attempts: [string | undefined, 'refresh_token' | 'access_token'][] = [
    [tokens.refresh_token, 'refresh_token'],
    [tokens.access_token, 'access_token'],
  ];
  for (const [token, hint] of attempts) {
    if (!token) continue;
    try {
      await post(revocationRequest(url, deps.provider, token, hint));
    } catch {
      // Best effort (RFC 7009 §2.2): the connection is removed here whatever the provider says.
    }
  }
}

/** Step 4 of the PKCE flow: exchange the code once, then save; if saving fails, revoke what was issued. */
export async function completeConnection(
  deps: ConnectionDeps,
  params: {code: string; verifier: string; redirectUri: string},
): Promise<TokenSet> {
  const now = (deps.now || nowInSeconds)();
  const {status, body} = await post(codeExchangeRequest(deps.provider, params));
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
 * The tokens, ready to use: refreshed first when the access token has run out or is about to. A refused refresh
 * (`invalid_grant`) removes the connection, so the person is asked to connect again.
 */
export async function usableTokens(deps: ConnectionDeps): Promise<TokenSet> {
  const found = await findSecretWithPayload(deps.scope, NAME);
  if (found.status === 'missing') throw new OAuthError('not_connected', 'You are not connected.');
  const tokens = parseTokens(found.payload);
  const now = (deps.now || nowInSeconds)();
  if (!needsRefresh(tokens, now)) return tokens;
  let refreshed: TokenSet | undefined;
  try {
    if (tokens.refresh_token) {
      const {status, body} = await post(refreshRequest(deps.provider, tokens.refresh_token));
      refreshed = validateTokenResponse(status, body, now, tokens);
    }
  } catch (err) {
    if (!(err instanceof OAuthError && err.code === 'invalid_grant')) throw err;
  }
  if (!refreshed) {
    // Nothing left to refresh with, or the provider refused: the connection is gone; the person connects again.
    await deleteSecret(deps.scope, NAME);
    throw new OAuthError('invalid_grant', 'Your connection was revoked or has expired. Connect again.');
  }
  await store(deps, refreshed);
  return refreshed;
}

/** Who the person is connected as, from the provider's userinfo endpoint: proof the connection works. */
export async function connectedUser(deps: ConnectionDeps): Promise<UserInfo> {
  const url = deps.provider.userinfoUrl;
  if (!url) throw new OAuthError('provider_error', 'No userinfo URL is configured.');
  const tokens = await usableTokens(deps);
  const {status, body} = await send(url, {headers: {Authorization: `Bearer ${tokens.access_token}`, Accept: 'application/json'}});
  return validateUserInfo(status, body);
}

/** Revoke at the provider (best effort), then delete the secret — never overwrite it with an empty value. */
export async function disconnect(deps: ConnectionDeps): Promise<void> {
  let tokens: TokenSet | undefined;
  try {
    const found = await findSecretWithPayload(deps.scope, NAME);
    tokens = found.status === 'saved' ? parseTokens(found.payload) : undefined;
  } catch (err) {
    if (err instanceof SecretStoreError) throw err;
    tokens = undefined; // A damaged payload cannot be revoked; it is still deleted.
  }
  if (tokens) await revokeQuietly(deps, tokens);
  await deleteSecret(deps.scope, NAME);
}
