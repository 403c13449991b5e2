import {
  characterCount,
  needsRefresh,
  OAuthError,
  parseTokens,
  refreshRequest,
  sameTokens,
  SECRET_LIMITS,
  SECRET_NAMES,
  secretExpiry,
  serializeTokens,
  validateTokenResponse,
  validateUserInfo,
  type Mode,
  type ProviderConfig,
  type SecretScope,
  type TokenSet,
  type UserInfo,
} from './app-seam';
import type {ProviderEndpoints} from './config';
import type {RefreshLock} from './locks';
import {send} from './provider';
import type {SecretStore} from './secret-store';

/**
 * A user's OAuth connection, used from the backend: the `keyring.oauth` secret in the signed user's scope of the signed
 * account and mode, in exactly the format the views write (src/oauth/protocol.ts, through the seam).
 *
 * One refresher per connection: in this process a single flight per (account, user, mode); across instances the
 * refresh lock (Redis when configured). Whoever takes the lock reads the secret again first — another instance may
 * have refreshed while this one waited — and refreshes only if what it finds is still due. A refused refresh
 * (`invalid_grant`) reads once more and uses a newer set if there is one; only when the secret still holds the refused
 * set is the connection removed.
 */

export interface ConnectionDeps {
  store: SecretStore;
  lock: RefreshLock;
  provider: ProviderEndpoints;
  /** Unix seconds. */
  now: () => number;
}

export interface Who {
  mode: Mode;
  account: string;
  user: string;
}

const NAME = SECRET_NAMES.oauth;
const scopeOf = (who: Who): SecretScope => ({type: 'user', user: who.user});
const keyOf = (who: Who) => `refresh:${who.mode}:${who.account}:${who.user}`;
/** The store's write after the provider answers must also fit in the lease. */
const STORE_BUDGET_MS = 3_000;

/** The reasons a connection action answers `{ok: false, reason}` with (the person must act, or try again). */
export type ConnectionFailure =
  | 'not_connected'
  | 'revoked'
  | 'damaged_connection'
  | 'provider_error'
  | 'unreachable'
  | 'timeout';

export class ConnectionFailed extends Error {
  constructor(readonly reason: ConnectionFailure) {
    super(reason);
  }
}

async function read(deps: ConnectionDeps, who: Who): Promise<TokenSet | undefined> {
  const payload = await deps.store.find(who.mode, who.account, scopeOf(who), NAME);
  if (payload === undefined) return undefined;
  try {
    return parseTokens(payload);
  } catch {
    throw new ConnectionFailed('damaged_connection');
  }
}

/**
 * What the views store: the whole set, or the refresh token alone when the provider's tokens are too long for one
 * secret.
 */
function payloadFor(tokens: TokenSet): string {
  const whole = serializeTokens(tokens);
  if (characterCount(whole) <= SECRET_LIMITS.maxStringLength || !tokens.refresh_token) return whole;
  return serializeTokens({
    token_type: tokens.token_type,
    refresh_token: tokens.refresh_token,
    refresh_expires_at: tokens.refresh_expires_at,
    access_token: '',
    access_expires_at: 0,
  });
}

async function write(deps: ConnectionDeps, who: Who, tokens: TokenSet): Promise<void> {
  await deps.store.save(
    who.mode,
    who.account,
    scopeOf(who),
    NAME,
    payloadFor(tokens),
    secretExpiry(tokens, deps.now()),
  );
}

async function remove(deps: ConnectionDeps, who: Who): Promise<void> {
  await deps.store.remove(who.mode, who.account, scopeOf(who), NAME);
}

function failureOf(err: unknown): ConnectionFailed | undefined {
  if (err instanceof ConnectionFailed) return err;
  if (err instanceof OAuthError) {
    if (err.code === 'timeout') return new ConnectionFailed('timeout');
    if (err.code === 'unreachable') return new ConnectionFailed('unreachable');
    if (err.code === 'invalid_grant' || err.code === 'revoked') return new ConnectionFailed('revoked');
    return new ConnectionFailed('provider_error');
  }
  return undefined;
}

/** One refresh of `tokens` at the provider, within the lease; `invalid_grant` handled as described above. */
async function refreshOnce(
  deps: ConnectionDeps,
  who: Who,
  tokens: TokenSet,
  deadline: number,
  retried = false,
): Promise<TokenSet> {
  if (tokens.refresh_token) {
    const request = refreshRequest(oauthClient(deps.provider), tokens.refresh_token);
    const budget = Math.min(deps.provider.timeoutMs, deadline - Date.now() - STORE_BUDGET_MS);
    if (budget <= 0) throw new ConnectionFailed('timeout');
    let answer;
    try {
      answer = await send(request.url, request.init, budget);
    } catch (err) {
      throw new ConnectionFailed(
        err instanceof Error && 'why' in err && err.why === 'timeout' ? 'timeout' : 'unreachable',
      );
    }
    try {
      const refreshed = validateTokenResponse(answer.status, answer.body, deps.now(), tokens);
      await write(deps, who, refreshed);
      return refreshed;
    } catch (err) {
      if (!(err instanceof OAuthError && err.code === 'invalid_grant')) throw failureOf(err) ?? err;
    }
  }
  const latest = await read(deps, who);
  if (!latest) throw new ConnectionFailed('revoked');
  if (!sameTokens(latest, tokens)) {
    if (!needsRefresh(latest, deps.now())) return latest;
    if (!retried) return refreshOnce(deps, who, latest, deadline, true);
  }
  if (sameTokens(latest, tokens)) await remove(deps, who);
  throw new ConnectionFailed('revoked');
}

/** The views' provider settings, as far as a refresh needs them (the token endpoint and the client id). */
const oauthClient = (p: ProviderEndpoints): ProviderConfig => ({
  name: 'provider',
  authorizeUrl: p.tokenUrl,
  tokenUrl: p.tokenUrl,
  clientId: p.clientId,
  scopes: [],
});

const flights = new WeakMap<ConnectionDeps, Map<string, Promise<TokenSet>>>();

/**
 * Tokens newer than `seen`, or `seen` refreshed: one flight per connection in this process, under the lock across
 * processes. `force` refreshes even a set that is not yet due (its access token was refused).
 */
function refreshed(deps: ConnectionDeps, who: Who, seen: TokenSet, force: boolean): Promise<TokenSet> {
  let mine = flights.get(deps);
  if (!mine) flights.set(deps, (mine = new Map()));
  const map = mine;
  const key = keyOf(who);
  const running = map.get(key);
  if (running) return running;
  const flight = deps.lock
    .run(key, deps.provider.timeoutMs, async (deadline) => {
      const current = await read(deps, who);
      if (!current) throw new ConnectionFailed('not_connected');
      // Another instance refreshed while this one waited: its set is used, not refreshed again.
      if (!sameTokens(current, seen) && !needsRefresh(current, deps.now())) return current;
      if (sameTokens(current, seen) && !force && !needsRefresh(current, deps.now())) return current;
      return refreshOnce(deps, who, current, deadline);
    })
    .finally(() => map.delete(key));
  map.set(key, flight);
  return flight;
}

/** `connection.check`: who the person is at the provider, refreshing first when due; never a token. */
export async function checkConnection(deps: ConnectionDeps, who: Who): Promise<UserInfo> {
  try {
    let tokens = await read(deps, who);
    if (!tokens) throw new ConnectionFailed('not_connected');
    if (needsRefresh(tokens, deps.now())) tokens = await refreshed(deps, who, tokens, false);
    for (let refusedOnce = false; ; refusedOnce = true) {
      let answer;
      try {
        answer = await send(
          deps.provider.userinfoUrl,
          {headers: {Authorization: `Bearer ${tokens.access_token}`, Accept: 'application/json'}},
          deps.provider.timeoutMs,
        );
      } catch (err) {
        throw new ConnectionFailed(
          err instanceof Error && 'why' in err && err.why === 'timeout' ? 'timeout' : 'unreachable',
        );
      }
      if (answer.status !== 401) return validateUserInfo(answer.status, answer.body);
      // Refused: revoked alone, or replaced by another refresher. Refresh once; a second refusal ends the connection.
      if (refusedOnce) {
        const latest = await read(deps, who);
        if (latest && sameTokens(latest, tokens)) await remove(deps, who);
        throw new ConnectionFailed('revoked');
      }
      tokens = await refreshed(deps, who, tokens, true);
    }
  } catch (err) {
    throw failureOf(err) ?? err;
  }
}

/** `connection.refresh`: refresh when due or forced, store, and say until when the new access token works. */
export async function refreshConnection(
  deps: ConnectionDeps,
  who: Who,
  force: boolean,
): Promise<{expires_at: number | null}> {
  try {
    const tokens = await read(deps, who);
    if (!tokens) throw new ConnectionFailed('not_connected');
    const fresh = force || needsRefresh(tokens, deps.now()) ? await refreshed(deps, who, tokens, force) : tokens;
    return {expires_at: fresh.access_expires_at ?? null};
  } catch (err) {
    throw failureOf(err) ?? err;
  }
}
