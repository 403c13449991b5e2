import {maxExpiresAt} from '../../src/secrets';
import {OAuthError} from '../../src/oauth/errors';
import {
  authorizeUrl,
  codeExchangeRequest,
  MIN_SECRET_LIFETIME_SECONDS,
  needsRefresh,
  parseTokens,
  redirectUri,
  refreshRequest,
  revocationRequest,
  sameTokens,
  secretExpiry,
  serializeTokens,
  validateTokenResponse,
  validateUserInfo,
  type TokenSet,
} from '../../src/oauth/protocol';

/**
 * Each protocol step on its own, no server: token responses as providers send them (odd lifetimes included: a clear
 * rule, never a refused connection), each refusal with its code, the requests as built, and the stored payload.
 */
const NOW = 1_800_000_000;
const DAY = 86_400;
const ok = (extra: Record<string, unknown>) =>
  validateTokenResponse(200, {access_token: 'at', token_type: 'Bearer', ...extra}, NOW);

describe('lifetimes', () => {
  it('a fractional expires_in is rounded up to a whole second (0.5 → 1), strings included', () => {
    expect(ok({expires_in: 0.5}).access_expires_at).toBe(NOW + 1);
    expect(ok({expires_in: '3599.2'}).access_expires_at).toBe(NOW + 3600);
  });

  it('zero, negative, non-numeric and missing lifetimes count as not stated', () => {
    for (const expires_in of [0, -5, 'soon', '', null, Number.NaN, Number.POSITIVE_INFINITY, undefined]) {
      expect(ok({expires_in}).access_expires_at).toBeUndefined();
    }
  });

  it('the secret expiry is clamped to what Stripe accepts: a minute ahead at least, 100 years less a day at most', () => {
    const centuries = ok({expires_in: 300 * 365 * DAY, refresh_token: 'rt', refresh_token_expires_in: 300 * 365 * DAY});
    expect(secretExpiry(centuries, NOW)).toBe(maxExpiresAt(NOW) - DAY);
    const accessOnly = ok({expires_in: 300 * 365 * DAY});
    expect(secretExpiry(accessOnly, NOW)).toBe(maxExpiresAt(NOW) - DAY);
    const half = ok({expires_in: 0.5});
    expect(secretExpiry(half, NOW)).toBe(NOW + MIN_SECRET_LIFETIME_SECONDS);
    const normal = ok({expires_in: 3600, refresh_token: 'rt', refresh_token_expires_in: 14 * DAY});
    expect(secretExpiry(normal, NOW)).toBe(NOW + 14 * DAY);
    // A refresh token with no stated lifetime keeps the secret until disconnect.
    expect(secretExpiry(ok({expires_in: 3600, refresh_token: 'rt'}), NOW)).toBeUndefined();
  });
});

describe('what is stored', () => {
  it('only the fields the app uses: no id_token, nothing else the provider sent', () => {
    const tokens = ok({refresh_token: 'rt', id_token: 'a.b.c', scope: 'openid', expires_in: 60, extra: 'x'});
    expect(JSON.parse(serializeTokens({...tokens, id_token: 'a.b.c'} as typeof tokens))).toEqual({
      v: 1,
      access_token: 'at',
      token_type: 'Bearer',
      refresh_token: 'rt',
      scope: 'openid',
      access_expires_at: NOW + 60,
    });
  });
});

const PROVIDER = {
  name: 'Example Cloud',
  authorizeUrl: 'https://auth.example.com/oauth/authorize?tenant=a%20b',
  tokenUrl: 'https://auth.example.com/oauth/token',
  clientId: 'keyring app',
  scopes: ['openid', 'email'],
};

describe('redirectUri and authorizeUrl', () => {
  it('the Dashboard’s return route for this app and mode, on the configured origin', () => {
    const stripe = 'https://dashboard.stripe.com';
    expect(redirectUri('com.keyring', 'test', stripe)).toBe('https://dashboard.stripe.com/test/apps-oauth/com.keyring');
    expect(redirectUri('com.keyring', 'live', 'http://127.0.0.1:4242')).toBe(
      'http://127.0.0.1:4242/apps-oauth/com.keyring',
    );
    expect(redirectUri('a/b c', 'live', stripe)).toBe('https://dashboard.stripe.com/apps-oauth/a%2Fb%20c');
  });

  it('an S256 code request that keeps the provider’s own query and encodes every value', () => {
    const url = new URL(
      authorizeUrl(PROVIDER, {
        redirectUri: 'https://dashboard.stripe.com/test/apps-oauth/x',
        state: 's&t=1',
        challenge: 'c',
      }),
    );
    expect(`${url.origin}${url.pathname}`).toBe('https://auth.example.com/oauth/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      tenant: 'a b',
      response_type: 'code',
      client_id: 'keyring app',
      redirect_uri: 'https://dashboard.stripe.com/test/apps-oauth/x',
      state: 's&t=1',
      code_challenge: 'c',
      code_challenge_method: 'S256',
      scope: 'openid email',
    });
  });

  it('asks for consent only when it asks for offline_access (a refresh token)', () => {
    const offline = new URL(
      authorizeUrl({...PROVIDER, scopes: ['openid', 'offline_access']}, {redirectUri: 'r', state: 's', challenge: 'c'}),
    );
    expect(offline.searchParams.get('prompt')).toBe('consent');
  });
});

describe('token requests', () => {
  const form = (body: string) => Object.fromEntries(new URLSearchParams(body));

  it('the code exchange, the refresh and the revocation are form posts to their endpoints, nothing in the query', () => {
    const exchange = codeExchangeRequest(PROVIDER, {code: 'co+de', verifier: 'v', redirectUri: 'r'});
    expect(exchange.url).toBe(PROVIDER.tokenUrl);
    expect(exchange.init.method).toBe('POST');
    expect(exchange.init.headers).toEqual({
      'Content-Type': 'application/x-www-form-urlencoded',
      Accept: 'application/json',
    });
    expect(form(exchange.init.body)).toEqual({
      grant_type: 'authorization_code',
      code: 'co+de',
      code_verifier: 'v',
      client_id: 'keyring app',
      redirect_uri: 'r',
    });
    expect(form(refreshRequest(PROVIDER, 'rt').init.body)).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'rt',
      client_id: 'keyring app',
    });
    const revoke = revocationRequest('https://auth.example.com/oauth/revoke', PROVIDER, 'at', 'access_token');
    expect(revoke.url).toBe('https://auth.example.com/oauth/revoke');
    expect(form(revoke.init.body)).toEqual({token: 'at', token_type_hint: 'access_token', client_id: 'keyring app'});
  });
});

describe('validateTokenResponse, one branch each', () => {
  const code = (status: number, body: unknown, previous?: TokenSet) => {
    try {
      validateTokenResponse(status, body, NOW, previous);
    } catch (err) {
      return (err as OAuthError).detail;
    }
    return 'accepted';
  };

  it.each([
    ['a body that is not an object', 200, 'not json', {code: 'unreadable_response'}],
    ['an array', 200, [], {code: 'unreadable_response'}],
    ['invalid_grant', 400, {error: 'invalid_grant'}, {code: 'invalid_grant'}],
    ['another named error', 400, {error: 'invalid_client'}, {code: 'provider_error', error: 'invalid_client'}],
    ['an error in a 200', 200, {error: 'server_error'}, {code: 'provider_error', error: 'server_error'}],
    ['an error status without a name', 503, {}, {code: 'provider_error', error: 'http_503'}],
    ['no access token', 200, {token_type: 'Bearer'}, {code: 'no_access_token'}],
    ['an empty access token', 200, {access_token: '', token_type: 'Bearer'}, {code: 'no_access_token'}],
    ['no token type', 200, {access_token: 'at'}, {code: 'unsupported_token_type'}],
    ['a token type other than bearer', 200, {access_token: 'at', token_type: 'mac'}, {code: 'unsupported_token_type'}],
  ])('%s is refused with its code', (_what, status, body, detail) => {
    expect(code(status, body)).toEqual(detail);
  });

  it('a success: bearer in any case, lifetimes from when it was received, scope kept', () => {
    expect(
      validateTokenResponse(
        200,
        {
          access_token: 'at',
          token_type: 'bearer',
          refresh_token: 'rt',
          expires_in: 60,
          refresh_token_expires_in: 600,
          scope: 's',
        },
        NOW,
      ),
    ).toEqual({
      access_token: 'at',
      token_type: 'bearer',
      refresh_token: 'rt',
      scope: 's',
      access_expires_at: NOW + 60,
      refresh_expires_at: NOW + 600,
    });
  });

  it('a refresh without a new refresh token keeps the old one, its lifetime and the scope', () => {
    const previous: TokenSet = {
      access_token: 'old',
      token_type: 'Bearer',
      refresh_token: 'rt',
      scope: 's',
      refresh_expires_at: NOW + 99,
    };
    expect(validateTokenResponse(200, {access_token: 'new', token_type: 'Bearer'}, NOW, previous)).toEqual({
      access_token: 'new',
      token_type: 'Bearer',
      refresh_token: 'rt',
      scope: 's',
      access_expires_at: undefined,
      refresh_expires_at: NOW + 99,
    });
  });

  it('a rotated refresh token without a stated lifetime does not inherit the old one', () => {
    const previous: TokenSet = {
      access_token: 'old',
      token_type: 'Bearer',
      refresh_token: 'rt',
      refresh_expires_at: NOW + 99,
    };
    expect(
      validateTokenResponse(200, {access_token: 'new', token_type: 'Bearer', refresh_token: 'rt2'}, NOW, previous)
        .refresh_expires_at,
    ).toBeUndefined();
  });
});

describe('refreshing, userinfo and the stored payload', () => {
  it('needsRefresh: a minute before the access token runs out, never when no lifetime was stated', () => {
    const tokens = (at?: number): TokenSet => ({access_token: 'a', token_type: 'Bearer', access_expires_at: at});
    expect(needsRefresh(tokens(NOW + 61), NOW)).toBe(false);
    expect(needsRefresh(tokens(NOW + 60), NOW)).toBe(true);
    expect(needsRefresh(tokens(NOW - 1), NOW)).toBe(true);
    expect(needsRefresh(tokens(undefined), NOW)).toBe(false);
  });

  it.each([
    ['401', 401, {sub: 'u'}, {code: 'userinfo_refused'}],
    ['another error status', 500, {sub: 'u'}, {code: 'no_user'}],
    ['no sub', 200, {name: 'Ada'}, {code: 'no_user'}],
    ['not an object', 200, 'x', {code: 'no_user'}],
  ])('validateUserInfo refuses %s', (_what, status, body, detail) => {
    expect(() => validateUserInfo(status, body)).toThrow(new OAuthError(detail as never));
  });

  it('validateUserInfo keeps sub, and name and email only when they are strings', () => {
    expect(validateUserInfo(200, {sub: 'u', name: 'Ada', email: 7, extra: true})).toEqual({
      sub: 'u',
      name: 'Ada',
      email: undefined,
    });
  });

  it('parseTokens reads what serializeTokens wrote, and refuses anything else as a damaged connection', () => {
    const tokens: TokenSet = {access_token: 'at', token_type: 'Bearer', refresh_token: 'rt', access_expires_at: NOW};
    expect(parseTokens(serializeTokens(tokens))).toEqual(tokens);
    for (const payload of [
      '',
      'not json',
      'null',
      '[]',
      '{"access_token":"at","token_type":"Bearer"}',
      '{"v":2,"access_token":"at","token_type":"Bearer"}',
      '{"v":1,"token_type":"Bearer"}',
      '{"v":1,"access_token":"at"}',
    ]) {
      expect(() => parseTokens(payload)).toThrow(new OAuthError({code: 'damaged_connection'}));
    }
  });

  it('sameTokens compares the access and refresh tokens only', () => {
    const a: TokenSet = {access_token: 'at', token_type: 'Bearer', refresh_token: 'rt', access_expires_at: 1};
    expect(sameTokens(a, {...a, access_expires_at: 2})).toBe(true);
    expect(sameTokens(a, {...a, refresh_token: 'other'})).toBe(false);
    expect(sameTokens(a, {...a, access_token: 'other'})).toBe(false);
  });
});
