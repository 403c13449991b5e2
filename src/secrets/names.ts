/**
 * Secret names this app writes. The Secret Store does not document which characters a name may hold, so the app keeps
 * to a conservative scheme of its own: lower-case letters, digits and `.`, `_`, `-`, `/` separators, starting with a
 * letter or digit. Names written by the app's backend or another app of the same developer may look different; the app
 * lists those but never writes them.
 */
export const SECRET_NAMES = {
  /** Account scope: the third-party API key an administrator saves for everyone. */
  apiKey: 'keyring.api_key',
  /** User scope: the current user's OAuth tokens. */
  oauth: 'keyring.oauth',
} as const;

export const NAME_PATTERN = /^[a-z0-9][a-z0-9._/-]*$/;
