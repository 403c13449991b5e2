import {
  characterCount,
  checkExpiry,
  checkName,
  checkPayload,
  describeIssue,
  maxExpiresAt,
  prepareSave,
  scopeFor,
} from '../../src/secrets';

/** The Secret Store's rules, checked before any request: each returns a typed issue, and one function has the words. */
const NOW = 1_800_000_000;

describe('the checks', () => {
  it('names: non-empty, at most 5000 characters, and the app’s scheme only when asked', () => {
    expect(checkName('keyring.api_key', true)).toBeUndefined();
    expect(checkName('')).toEqual({param: 'name', rule: 'empty'});
    expect(checkName(undefined)).toEqual({param: 'name', rule: 'empty'});
    expect(checkName('n'.repeat(5001))).toEqual({param: 'name', rule: 'too_long'});
    expect(checkName('Backend Token #1')).toBeUndefined();
    expect(checkName('Backend Token #1', true)).toEqual({param: 'name', rule: 'app_scheme'});
  });

  it('payloads count code points, as Stripe does', () => {
    expect(characterCount('🔑a')).toBe(2);
    expect(checkPayload('🔑'.repeat(5000))).toBeUndefined();
    expect(checkPayload('🔑'.repeat(5001))).toEqual({param: 'payload', rule: 'too_long'});
    expect(checkPayload('')).toEqual({param: 'payload', rule: 'empty'});
  });

  it.each([
    ['now', NOW, 'past'],
    ['a second ago', NOW - 1, 'past'],
    ['a fraction', NOW + 0.5, 'not_timestamp'],
    ['a string', String(NOW + 60), 'not_timestamp'],
    ['past 100 years', maxExpiresAt(NOW) + 1, 'too_far'],
  ])('an expiry of %s is refused (%s)', (_what, value, rule) => {
    expect(checkExpiry(value, NOW)).toEqual({param: 'expires_at', rule});
  });

  it('an expiry from a second ahead to exactly 100 years passes', () => {
    expect(checkExpiry(NOW + 1, NOW)).toBeUndefined();
    expect(checkExpiry(maxExpiresAt(NOW), NOW)).toBeUndefined();
  });
});

describe('describeIssue', () => {
  it('names the field, with the caller’s word for the value', () => {
    expect(describeIssue({param: 'name', rule: 'empty'})).toBe('Secret name can’t be empty.');
    expect(describeIssue({param: 'payload', rule: 'empty'})).toBe('Secret value can’t be empty.');
    expect(describeIssue({param: 'payload', rule: 'too_long'}, 'API key')).toBe(
      'API key must be at most 5000 characters.',
    );
    expect(describeIssue({param: 'name', rule: 'app_scheme'})).toMatch(/^Secret name may hold only a-z/);
    expect(describeIssue({param: 'expires_at', rule: 'not_timestamp'})).toBe('Expiry must be a unix timestamp.');
    expect(describeIssue({param: 'expires_at', rule: 'past'})).toBe('Expiry must be in the future.');
    expect(describeIssue({param: 'expires_at', rule: 'too_far'})).toBe('Expiry must be at most 100 years from now.');
  });
});

describe('prepareSave', () => {
  const scope = scopeFor('account', {id: 'usr_ada'});

  it('reports every field’s issue at once, and sends nothing', () => {
    expect(prepareSave(scope, 'Bad Name', '', {expiresAt: 1})).toEqual({
      ok: false,
      issues: [
        {param: 'name', rule: 'app_scheme'},
        {param: 'payload', rule: 'empty'},
        {param: 'expires_at', rule: 'past'},
      ],
    });
  });

  it('a request that passed is exactly what will be sent; no expiry is left out, not sent empty', () => {
    expect(prepareSave(scope, 'keyring.api_key', 'v')).toEqual({
      ok: true,
      request: {scope, name: 'keyring.api_key', payload: 'v', expires_at: undefined},
    });
    const later = Math.floor(Date.now() / 1000) + 3600;
    expect(prepareSave(scope, 'keyring.api_key', 'v', {expiresAt: later})).toMatchObject({
      ok: true,
      request: {expires_at: later},
    });
  });
});
