import {maxExpiresAt} from '../../src/secrets';
import {MIN_SECRET_LIFETIME_SECONDS, secretExpiry, serializeTokens, validateTokenResponse} from '../../src/oauth/protocol';

/** Token responses as providers send them, odd lifetimes included: a clear rule, never a refused connection. */
const NOW = 1_800_000_000;
const DAY = 86_400;
const ok = (extra: Record<string, unknown>) => validateTokenResponse(200, {access_token: 'at', token_type: 'Bearer', ...extra}, NOW);

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
