import {maxExpiresAt, SECRET_LIMITS} from './types';
import {NAME_PATTERN} from './names';
import {SecretStoreError} from './errors';

/**
 * Checks made before any request, mirroring what the Secret Store enforces, so that bad input never reaches the
 * network and each message names the field it is about.
 * @see https://docs.stripe.com/api/secret_management (maxLength 5000; expiry at most 100 years ahead)
 */
function invalid(param: string, message: string): never {
  throw new SecretStoreError({kind: 'invalid', param, message});
}

/** Length in characters as Stripe counts them: Unicode code points (an emoji is one, not two UTF-16 units). */
export function characterCount(value: string): number {
  return value.length - (value.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g) || []).length;
}

/** Non-empty and at most 5000 characters, as the API requires of `name` and `payload`. */
function text(param: string, value: unknown, label: string): string {
  if (typeof value !== 'string' || value.length === 0) invalid(param, `${label} can’t be empty.`);
  if (value.length > SECRET_LIMITS.maxStringLength && characterCount(value) > SECRET_LIMITS.maxStringLength) {
    invalid(param, `${label} must be at most ${SECRET_LIMITS.maxStringLength} characters.`);
  }
  return value;
}

/** Stripe's rules for any name; `appScheme` adds the app's own scheme, for names the app writes. */
export function validateName(name: unknown, options: {appScheme?: boolean} = {}): string {
  const checked = text('name', name, 'Secret name');
  if (options.appScheme && !NAME_PATTERN.test(checked)) {
    invalid('name', 'Secret name may hold only a-z, 0-9 and . _ - /, starting with a letter or digit.');
  }
  return checked;
}

export function validatePayload(payload: unknown, label = 'Secret value'): string {
  return text('payload', payload, label);
}

/** `expiresAt` in unix seconds; `now` in unix seconds. */
export function validateExpiry(expiresAt: unknown, now: number): number {
  if (typeof expiresAt !== 'number' || !Number.isInteger(expiresAt)) {
    invalid('expires_at', 'Expiry must be a unix timestamp.');
  }
  if (expiresAt <= now) invalid('expires_at', 'Expiry must be in the future.');
  if (expiresAt > maxExpiresAt(now)) {
    invalid('expires_at', `Expiry must be at most ${SECRET_LIMITS.maxExpiryYears} years from now.`);
  }
  return expiresAt;
}
