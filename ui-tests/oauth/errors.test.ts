import {SecretStoreError} from '../../src/secrets';
import {describeFailure, describeOAuthError, OAuthError, type OAuthErrorDetail} from '../../src/oauth/errors';

/**
 * The words for each OAuth failure, from the one function that gives them. The sentences are the ones the app showed
 * before the codes existed (written then where each error was thrown): the move must not change what a person reads.
 */
const WORDS: [OAuthErrorDetail, string][] = [
  [{code: 'access_denied'}, 'You cancelled the sign-in. Connect again when you’re ready.'],
  [
    {code: 'sign_in_failed', error: 'temporarily_unavailable'},
    'The sign-in failed (temporarily_unavailable). Connect again.',
  ],
  [{code: 'state_mismatch'}, 'This sign-in couldn’t be verified. Connect again.'],
  [{code: 'not_started'}, 'Couldn’t start the sign-in. Reload and try again.'],
  [{code: 'invalid_grant'}, 'The sign-in is no longer valid (used, expired or revoked).'],
  [{code: 'revoked'}, 'Your connection was revoked or has expired. Connect again.'],
  [{code: 'userinfo_refused'}, 'The sign-in service refused the connection.'],
  [{code: 'provider_error', error: 'http_503'}, 'The sign-in service refused the request (http_503).'],
  [{code: 'no_userinfo_url'}, 'No userinfo URL is configured.'],
  [{code: 'unreadable_response'}, 'The sign-in service sent an unreadable answer.'],
  [{code: 'no_access_token'}, 'The sign-in service sent no access token.'],
  [{code: 'unsupported_token_type'}, 'The sign-in service sent an unsupported token type.'],
  [{code: 'no_user'}, 'The sign-in service did not say who you are.'],
  [{code: 'damaged_connection'}, 'The saved connection is damaged. Connect again.'],
  [{code: 'unreachable'}, 'Couldn’t reach the sign-in service. Try again in a moment.'],
  [{code: 'timeout', seconds: 15}, 'The sign-in service didn’t answer within 15 s. Try again in a moment.'],
  [{code: 'timeout', seconds: 1}, 'The sign-in service didn’t answer within 1 s. Try again in a moment.'],
  [
    {code: 'too_large', characters: 5210, max: 5000},
    'The sign-in service sent tokens too long for Stripe (5210 characters; at most 5000). Ask its administrator for shorter tokens.',
  ],
  [
    {code: 'not_removed', cause: {kind: 'rate_limited', message: 'Too many requests'}},
    'Keyring revoked its access, but couldn’t remove the tokens from Stripe: Too many requests to Stripe. Wait a moment and try again. Disconnect again to finish.',
  ],
  [{code: 'not_connected'}, 'You are not connected.'],
];

describe('describeOAuthError', () => {
  it.each(WORDS.map(([detail, words]) => [detail.code, detail, words] as const))(
    '%s has its words',
    (_code, detail, words) => {
      expect(describeOAuthError(detail)).toBe(words);
    },
  );

  it('an OAuthError carries its code and detail, and its message is the same words', () => {
    for (const [detail, words] of WORDS) {
      const err = new OAuthError(detail);
      expect(err).toBeInstanceOf(Error);
      expect(err).toMatchObject({name: 'OAuthError', code: detail.code, detail, message: words});
    }
  });
});

describe('describeFailure', () => {
  it('gives an OAuth failure its words, and a Secret Store failure the Secret Store’s', () => {
    expect(describeFailure(new OAuthError({code: 'unreachable'}))).toBe(
      'Couldn’t reach the sign-in service. Try again in a moment.',
    );
    expect(describeFailure(new SecretStoreError({kind: 'forbidden', message: 'no'}))).toBe(
      'You don’t have permission to do this. Ask an account administrator.',
    );
    expect(describeFailure({statusCode: 503, message: 'down'})).toBe(
      'Couldn’t reach Stripe. Check your connection and try again.',
    );
  });
});
