import {maxExpiresAt, SECRET_LIMITS, type SecretScope} from '../seam/app';
import {Errors} from './errors';
import type {ParamHash, ParamValue} from './params';

/**
 * Reading parameters into typed values, with Stripe's rules and in Stripe's order: unknown parameters first
 * (the OpenAPI spec has `additionalProperties: false`), then each parameter. An empty string means "unset", as in
 * Stripe's API: it is an error for a required parameter and the same as absent for an optional one.
 * @see https://docs.stripe.com/api/secret_management
 */

/** Which parameters an endpoint accepts: a single value, a list, or a hash with its own keys. */
export type Shape = {readonly [key: string]: 'value' | 'list' | Shape};

export const SCOPE_SHAPE: Shape = {type: 'value', user: 'value'};

export function rejectUnknown(params: ParamHash, shape: Shape): void {
  const unknown: string[] = [];
  const walk = (hash: ParamHash, allowed: Shape, prefix: string) => {
    for (const [key, value] of hash) {
      const path = prefix ? `${prefix}[${key}]` : key;
      const expected = allowed[key];
      if (expected === undefined || !Object.prototype.hasOwnProperty.call(allowed, key)) unknown.push(path);
      else if (typeof expected === 'object' && value instanceof Map) walk(value, expected, path);
    }
  };
  walk(params, shape, '');
  if (unknown.length > 0) throw Errors.unknownParameters(unknown);
}

function checkLength(path: string, value: string): string {
  // Characters, not UTF-16 units; counting code points only matters past the limit in units.
  if (value.length > SECRET_LIMITS.maxStringLength && [...value].length > SECRET_LIMITS.maxStringLength) {
    throw Errors.stringTooLong(path, value);
  }
  return value;
}

function asString(value: ParamValue, path: string): string {
  if (typeof value !== 'string') throw Errors.expectedString(path);
  return value;
}

export function requiredString(hash: ParamHash, key: string, path = key): string {
  const value = hash.get(key);
  if (value === undefined) throw Errors.missingParam(path);
  const text = asString(value, path);
  if (text === '') throw Errors.emptyString(path);
  return checkLength(path, text);
}

export function optionalString(hash: ParamHash, key: string, path = key): string | undefined {
  const value = hash.get(key);
  if (value === undefined) return undefined;
  const text = asString(value, path);
  return text === '' ? undefined : checkLength(path, text);
}

export function optionalInteger(hash: ParamHash, key: string): number | undefined {
  const text = optionalString(hash, key);
  if (text === undefined) return undefined;
  if (!/^-?\d+$/.test(text)) throw Errors.invalidInteger(key, text);
  return Number(text);
}

export function requiredInteger(hash: ParamHash, key: string): number {
  if (hash.get(key) === undefined) throw Errors.missingParam(key);
  const value = optionalInteger(hash, key);
  if (value === undefined) throw Errors.emptyString(key);
  return value;
}

const SCOPE_TYPES = ['account', 'user'] as const;

/** `scope[type]=account`, or `scope[type]=user&scope[user]=usr_…`; `scope[user]` with an account scope is refused. */
export function readScope(params: ParamHash): SecretScope {
  const scope = params.get('scope');
  if (scope === undefined) throw Errors.missingParam('scope');
  if (!(scope instanceof Map)) throw Errors.expectedHash('scope');
  const type = requiredString(scope, 'type', 'scope[type]');
  if (type === 'user') return {type: 'user', user: requiredString(scope, 'user', 'scope[user]')};
  if (type !== 'account') throw Errors.invalidEnum('scope[type]', SCOPE_TYPES);
  if (optionalString(scope, 'user', 'scope[user]') !== undefined) throw Errors.userOnlyForUserScope();
  return {type: 'account'};
}

/** True when the caller asked for the payload. `allowed` is `payload`, or `data.payload` on a list. */
export function readExpand(params: ParamHash, allowed: string): boolean {
  const expand = params.get('expand');
  if (expand === undefined || expand === '') return false;
  if (!Array.isArray(expand)) throw Errors.expectedArray('expand');
  for (const item of expand) {
    if (typeof item !== 'string') throw Errors.expectedArray('expand');
    if (item !== allowed) throw Errors.cannotExpand(item);
  }
  return expand.length > 0;
}

/** Optional; must be in the future and at most 100 years ahead. Absent (or empty) means no expiry. */
export function readExpiresAt(params: ParamHash, nowSeconds: number): number | null {
  const expiresAt = optionalInteger(params, 'expires_at');
  if (expiresAt === undefined) return null;
  if (expiresAt <= nowSeconds) throw Errors.expiryNotFuture(expiresAt, nowSeconds);
  const max = maxExpiresAt(nowSeconds);
  if (expiresAt > max) throw Errors.expiryTooFar(expiresAt, max);
  return expiresAt;
}

export function readLimit(params: ParamHash): number {
  const limit = optionalInteger(params, 'limit');
  if (limit === undefined) return SECRET_LIMITS.listLimitDefault;
  if (limit < 1 || limit > SECRET_LIMITS.listLimitMax) throw Errors.invalidLimit();
  return limit;
}

export type Cursor = {kind: 'starting_after' | 'ending_before'; id: string} | undefined;

export function readCursor(params: ParamHash): Cursor {
  const startingAfter = optionalString(params, 'starting_after');
  const endingBefore = optionalString(params, 'ending_before');
  if (startingAfter !== undefined && endingBefore !== undefined) throw Errors.bothCursors();
  if (startingAfter !== undefined) return {kind: 'starting_after', id: startingAfter};
  if (endingBefore !== undefined) return {kind: 'ending_before', id: endingBefore};
  return undefined;
}

/** For the local endpoints: a list of strings; `permissions=` (empty) is the empty list. */
export function optionalStringList(params: ParamHash, key: string): string[] | undefined {
  const value = params.get(key);
  if (value === undefined) return undefined;
  if (value === '') return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) throw Errors.expectedArray(key);
  return value.filter((item): item is string => typeof item === 'string' && item !== '');
}
