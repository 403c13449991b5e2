/**
 * Everything the backend takes from the Stripe App, in one place. Only pure, React-free modules are reached from here
 * (no `@stripe/ui-extension-sdk`, no React): the token set's stored format and the OAuth protocol steps, so the backend
 * reads and writes `keyring.oauth` exactly as the views do and the two cannot drift apart. ESLint refuses any other
 * file of backend/ that imports from src/ (eslint.config.mjs).
 */
export {
  needsRefresh,
  parseTokens,
  refreshRequest,
  sameTokens,
  secretExpiry,
  sendWithDeadline,
  serializeTokens,
  validateTokenResponse,
  validateUserInfo,
  type Mode,
  type ProviderAnswer,
  type TokenSet,
  type UserInfo,
} from '../../src/oauth/protocol';
export {OAuthError, type OAuthErrorCode} from '../../src/oauth/errors';
export {SECRET_NAMES} from '../../src/secrets/names';
export {SECRET_LIMITS, type SecretScope} from '../../src/secrets/types';
export {characterCount} from '../../src/secrets/validate';
export {CONSTANTS_SCHEMA} from '../../src/configSchema';
export type {ProviderConfig} from '../../src/config';
