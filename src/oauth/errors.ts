import {describeError, toSecretError, type SecretErrorDetail} from '../secrets/errors';

/**
 * Every way the OAuth connection can fail, as a code with the facts its words need, and the one place that turns them
 * into words for people (`describeOAuthError`), as `describeError` does for the Secret Store. Code that throws names
 * the code; it never writes a sentence.
 */
export type OAuthErrorDetail =
  /** The person cancelled at the provider (`error=access_denied` in the return). */
  | {code: 'access_denied'}
  /** The provider's return carried another OAuth error. */
  | {code: 'sign_in_failed'; error: string}
  /** The return's state is not the one this user's sign-in started with, or the code or verifier is missing. */
  | {code: 'state_mismatch'}
  /** The Dashboard could not prepare a PKCE challenge. */
  | {code: 'not_started'}
  /** The token endpoint refused a code or refresh token as used, expired or revoked. */
  | {code: 'invalid_grant'}
  /** The connection is gone: its refresh was refused, or userinfo refused it twice. */
  | {code: 'revoked'}
  /** Userinfo refused the access token. */
  | {code: 'userinfo_refused'}
  /** The token endpoint refused with another error (`error`, or `http_<status>`). */
  | {code: 'provider_error'; error: string}
  | {code: 'no_userinfo_url'}
  | {code: 'unreadable_response'}
  | {code: 'no_access_token'}
  | {code: 'unsupported_token_type'}
  /** Userinfo answered without a `sub`. */
  | {code: 'no_user'}
  /** The saved payload is not a token set. */
  | {code: 'damaged_connection'}
  | {code: 'unreachable'}
  | {code: 'timeout'; seconds: number}
  /** Even the refresh token alone is longer than a secret holds. */
  | {code: 'too_large'; characters: number; max: number}
  /** Disconnect revoked the tokens but could not delete the secret. */
  | {code: 'not_removed'; cause: SecretErrorDetail}
  | {code: 'not_connected'}
  /** Keyring's backend, the connection's refresher, could not be asked or refused the request. */
  | {code: 'backend_failed'; failure: BackendFailure};

export type OAuthErrorCode = OAuthErrorDetail['code'];

/** Why a signed request to Keyring's backend (src/backend/request.ts) got no answer to use. */
export type BackendFailure =
  /** The Dashboard would not sign (e.g. a role the user lacks): nothing was sent. */
  | {code: 'not_signed'}
  /** The backend refused the request, with its reason (`too_old`, `replayed`, `bad_signature`, …). */
  | {code: 'refused'; reason: string; status: number}
  /** No connection. */
  | {code: 'unreachable'}
  | {code: 'timeout'; seconds: number};

type Words = {[C in OAuthErrorCode]: string | ((detail: Extract<OAuthErrorDetail, {code: C}>) => string)};

const WORDS: Words = {
  access_denied: 'You cancelled the sign-in. Connect again when you’re ready.',
  sign_in_failed: (detail) => `The sign-in failed (${detail.error}). Connect again.`,
  state_mismatch: 'This sign-in couldn’t be verified. Connect again.',
  not_started: 'Couldn’t start the sign-in. Reload and try again.',
  invalid_grant: 'The sign-in is no longer valid (used, expired or revoked).',
  revoked: 'Your connection was revoked or has expired. Connect again.',
  userinfo_refused: 'The sign-in service refused the connection.',
  provider_error: (detail) => `The sign-in service refused the request (${detail.error}).`,
  no_userinfo_url: 'No userinfo URL is configured.',
  unreadable_response: 'The sign-in service sent an unreadable answer.',
  no_access_token: 'The sign-in service sent no access token.',
  unsupported_token_type: 'The sign-in service sent an unsupported token type.',
  no_user: 'The sign-in service did not say who you are.',
  damaged_connection: 'The saved connection is damaged. Connect again.',
  unreachable: 'Couldn’t reach the sign-in service. Try again in a moment.',
  timeout: (detail) => `The sign-in service didn’t answer within ${detail.seconds} s. Try again in a moment.`,
  too_large: (detail) =>
    `The sign-in service sent tokens too long for Stripe (${detail.characters} characters; at most ${detail.max}). ` +
    'Ask its administrator for shorter tokens.',
  not_removed: (detail) =>
    `Keyring revoked its access, but couldn’t remove the tokens from Stripe: ${describeError(detail.cause)} ` +
    'Disconnect again to finish.',
  not_connected: 'You are not connected.',
  backend_failed: ({failure: f}) =>
    f.code === 'not_signed'
      ? 'The Dashboard would not sign the request to Keyring’s backend.'
      : f.code === 'refused'
        ? `Keyring’s backend refused the request (${f.reason}).`
        : `Couldn’t reach Keyring’s backend${f.code === 'timeout' ? ` within ${f.seconds} s` : ''}. ` +
          'Try again in a moment.',
};

/**
 * A reason the backend gave for a connection it could not use, as the views' own code (its timeout is 15 s by
 * default).
 */
export function fromBackendReason(reason = ''): OAuthErrorDetail {
  if (['not_connected', 'revoked', 'damaged_connection', 'unreachable'].includes(reason))
    return {code: reason} as OAuthErrorDetail;
  return reason === 'timeout' ? {code: reason, seconds: 15} : {code: 'provider_error', error: reason};
}

/** The words a person sees for each OAuth failure. */
export function describeOAuthError(detail: OAuthErrorDetail): string {
  const words = WORDS[detail.code] as string | ((detail: OAuthErrorDetail) => string);
  return typeof words === 'string' ? words : words(detail);
}

export class OAuthError extends Error {
  declare readonly code: OAuthErrorCode;
  declare readonly detail: OAuthErrorDetail;
  constructor(detail: OAuthErrorDetail) {
    // The message is the same words, for logs and for a test's `toThrow`; views ask `describeOAuthError`.
    super(describeOAuthError(detail));
    this.name = 'OAuthError';
    this.code = detail.code;
    this.detail = detail;
  }
}

/** The words for whatever a connection step threw: an OAuth failure, or the Secret Store's. */
export function describeFailure(thrown: unknown): string {
  return thrown instanceof OAuthError ? describeOAuthError(thrown.detail) : describeError(toSecretError(thrown));
}
