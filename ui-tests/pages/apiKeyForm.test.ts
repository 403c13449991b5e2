import {scopeFor} from '../../src/secrets';
import {checkApiKeyForm, describeFormIssue} from '../../src/pages/drawer/apiKeyForm';

/** The API key form's one validation, without a server: which field gets which issue, and the words beside it. */
const CONFIG = {
  label: 'Example Cloud API key',
  format: '^ec_(live|test)_[A-Za-z0-9]{24,}$',
  example: 'ec_live_ followed by at least 24 letters or digits',
};
const KEY = 'ec_test_a1b2c3d4e5f6g7h8i9j0k1l2';
const scope = scopeFor('account', {id: 'usr_ada'});
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('checkApiKeyForm', () => {
  it('a good key, trimmed, with the end of the chosen day as its expiry', () => {
    const date = inDays(30);
    expect(checkApiKeyForm(CONFIG, scope, ` ${KEY} `, date)).toEqual({
      ok: true,
      request: {scope, name: 'keyring.api_key', payload: KEY, expires_at: Date.parse(`${date}T23:59:59Z`) / 1000},
    });
  });

  it.each([
    ['an empty key', '', '', {key: {param: 'payload', rule: 'empty'}}],
    ['a key of the wrong format', 'sk_test_1', '', {key: {param: 'payload', rule: 'format'}}],
    ['a date that does not exist', KEY, '2031-02-30', {expiry: {param: 'expires_at', rule: 'not_a_date'}}],
    ['a past date', KEY, '2001-01-01', {expiry: {param: 'expires_at', rule: 'past'}}],
    [
      'both at once',
      'sk_test_1',
      '2199-01-01',
      {key: {param: 'payload', rule: 'format'}, expiry: {param: 'expires_at', rule: 'too_far'}},
    ],
  ])('%s: the issue is on its field', (_what, key, expiry, issues) => {
    expect(checkApiKeyForm(CONFIG, scope, key, expiry)).toEqual({
      ok: false,
      issues: {key: undefined, expiry: undefined, ...issues},
    });
  });

  it('without a format in the manifest, any non-empty key passes', () => {
    expect(checkApiKeyForm({label: 'Key'}, scope, 'anything', '')).toMatchObject({ok: true});
  });
});

describe('describeFormIssue', () => {
  it('the format names the example when the manifest gives one', () => {
    expect(describeFormIssue({param: 'payload', rule: 'format'}, CONFIG)).toBe(
      `This doesn’t look like an Example Cloud API key: expected ${CONFIG.example}.`,
    );
    expect(describeFormIssue({param: 'payload', rule: 'format'}, {label: 'Key'})).toBe(
      'This doesn’t look like an Key.',
    );
    expect(describeFormIssue({param: 'expires_at', rule: 'not_a_date'}, CONFIG)).toBe('Expiry date is not a date.');
    expect(describeFormIssue({param: 'payload', rule: 'empty'}, CONFIG)).toBe('Example Cloud API key can’t be empty.');
  });
});
