import {maxExpiresAt, SECRET_LIMITS} from './types';
import {NAME_PATTERN} from './names';

/**
 * Checks made before any request, mirroring what the Secret Store enforces, so that bad input never reaches the
 * network. Each check returns its typed issue (which field, which rule), or nothing, never an exception: a form reads
 * the issue and the request functions turn it into a `SecretStoreError`; `describeIssue` is the one place with the
 * words.
 * @see https://docs.stripe.com/api/secret_management (maxLength 5000; expiry at most 100 years ahead)
 */
export type ValidationIssue =
  | {param: 'name' | 'payload'; rule: 'empty' | 'too_long'}
  /** The app's own naming scheme (see names.ts), for names it writes. */
  | {param: 'name'; rule: 'app_scheme'}
  | {param: 'expires_at'; rule: 'not_timestamp' | 'past' | 'too_far'};

/** Length in characters as Stripe counts them: Unicode code points (an emoji is one, not two UTF-16 units). */
export function characterCount(value: string): number {
  return value.length - (value.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g) || []).length;
}

/** Non-empty and at most 5000 characters, as the API requires of `name` and `payload`. */
function text(param: 'name' | 'payload', value: unknown): ValidationIssue | undefined {
  if (typeof value !== 'string' || !value) return {param, rule: 'empty'};
  return characterCount(value) > SECRET_LIMITS.maxStringLength ? {param, rule: 'too_long'} : undefined;
}

/** Stripe's rules for any name; `appScheme` adds the app's own scheme, for names the app writes. */
export function checkName(name: unknown, appScheme?: boolean): ValidationIssue | undefined {
  return (
    text('name', name) ||
    (appScheme && !NAME_PATTERN.test(name as string) ? {param: 'name', rule: 'app_scheme'} : undefined)
  );
}

export function checkPayload(payload: unknown): ValidationIssue | undefined {
  return text('payload', payload);
}

/** `expiresAt` in unix seconds; `now` in unix seconds. */
export function checkExpiry(expiresAt: unknown, now: number): ValidationIssue | undefined {
  const param = 'expires_at';
  if (typeof expiresAt !== 'number' || !Number.isInteger(expiresAt)) return {param, rule: 'not_timestamp'};
  if (expiresAt <= now) return {param, rule: 'past'};
  return expiresAt > maxExpiresAt(now) ? {param, rule: 'too_far'} : undefined;
}

const WORDS: Record<ValidationIssue['rule'], string> = {
  empty: '%s can’t be empty.',
  too_long: `%s must be at most ${SECRET_LIMITS.maxStringLength} characters.`,
  app_scheme: 'Secret name may hold only a-z, 0-9 and . _ - /, starting with a letter or digit.',
  not_timestamp: 'Expiry must be a unix timestamp.',
  past: 'Expiry must be in the future.',
  too_far: `Expiry must be at most ${SECRET_LIMITS.maxExpiryYears} years from now.`,
};

/** The words for an issue; `payloadLabel` names the value (e.g. "API key"). */
export function describeIssue(issue: ValidationIssue, payloadLabel = 'Secret value'): string {
  return WORDS[issue.rule].replace('%s', issue.param === 'name' ? 'Secret name' : payloadLabel);
}
