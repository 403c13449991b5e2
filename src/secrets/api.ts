import type {Secret} from './types';
import {nowInSeconds, SECRET_LIMITS} from './types';
import type {ResolvedScope} from './scope';
import {secrets, type CreateParams} from './client';
import {SecretStoreError, toSecretError} from './errors';
import {checkExpiry, checkName, checkPayload, describeIssue, type ValidationIssue} from './validate';

/**
 * Plain async functions, one per Secret Store operation, named after Stripe's verbs. Each validates before sending,
 * and every failure leaves as a `SecretStoreError` carrying one mapped detail.
 * @see https://docs.stripe.com/api/secret_management
 */

/** What the app may know about a secret without its value. */
export type SecretMetadata = Pick<Secret, 'id' | 'name' | 'scope' | 'created' | 'expires_at' | 'livemode'>;

export type FindWithPayloadResult = {status: 'missing'} | {status: 'saved'; payload: string};

export interface SaveOptions {
  /** Unix seconds. Omitted: the secret never expires (a replace without it clears an earlier expiry). */
  expiresAt?: number;
  /** How the value is named in messages, e.g. "API key". */
  payloadLabel?: string;
}

function metadataOf(secret: Secret): SecretMetadata {
  const {scope} = secret;
  return {
    id: secret.id,
    name: secret.name || '',
    scope: scope.type === 'user' && scope.user ? {type: 'user', user: scope.user} : {type: 'account'},
    created: secret.created,
    expires_at: secret.expires_at || null,
    livemode: secret.livemode,
  };
}

/** An issue as the `invalid` failure every request function throws. */
function invalid(issue: ValidationIssue, payloadLabel?: string): SecretStoreError {
  return new SecretStoreError({kind: 'invalid', param: issue.param, message: describeIssue(issue, payloadLabel)});
}

/** A name Stripe accepts, or its issue thrown. */
function validName(name: string): string {
  const issue = checkName(name);
  if (issue) throw invalid(issue);
  return name;
}

/**
 * One request, its failure mapped once into a `SecretStoreError` (a check inside `send` fails the same way, before
 * anything is sent). Where `missing` is allowed, a 404 is an answer ("not saved yet"): undefined.
 */
function request<T>(send: () => Promise<T>, missing?: true): Promise<T> {
  return Promise.resolve()
    .then(send)
    .catch((thrown: unknown) => {
      const detail = toSecretError(thrown);
      if (missing && detail.kind === 'not_found') return undefined as T;
      throw new SecretStoreError(detail);
    });
}

declare const checked: unique symbol;

/** A create request whose every field passed validation; only `prepareSave` makes one. */
export type SaveRequest = CreateParams & {readonly [checked]: true};

export type PreparedSave = {ok: true; request: SaveRequest} | {ok: false; issues: ValidationIssue[]};

/**
 * Create or replace, step one: every field checked at once, nothing sent. A form shows the issues by field; a request
 * that passed is sent as it is (`sendSave`), so nothing is checked twice.
 */
export function prepareSave(
  scope: ResolvedScope,
  name: string,
  payload: string,
  options: {expiresAt?: number} = {},
): PreparedSave {
  const issues = [
    checkName(name, true),
    checkPayload(payload),
    // An undefined parameter is left out: no expiry is sent as none.
    options.expiresAt === undefined ? undefined : checkExpiry(options.expiresAt, nowInSeconds()),
  ].filter((issue): issue is ValidationIssue => !!issue);
  if (issues.length) return {ok: false, issues};
  const request = {scope, name, payload, expires_at: options.expiresAt} as CreateParams as SaveRequest;
  return {ok: true, request};
}

/** Create or replace, step two (Stripe upserts by scope and name). */
export function sendSave(params: SaveRequest): Promise<SecretMetadata> {
  return request(() => secrets.create(params)).then(metadataOf);
}

/** Create or replace in one step: the first issue, if any, is thrown as an `invalid` failure. */
export function saveSecret(
  scope: ResolvedScope,
  name: string,
  payload: string,
  options: SaveOptions = {},
): Promise<SecretMetadata> {
  const prepared = prepareSave(scope, name, payload, options);
  return prepared.ok ? sendSave(prepared.request) : Promise.reject(invalid(prepared.issues[0], options.payloadLabel));
}

/** The secret's value, for the one place that uses it. Never render or log what this returns. */
export function findSecretWithPayload(scope: ResolvedScope, name: string): Promise<FindWithPayloadResult> {
  return request(() => secrets.find({scope, name: validName(name), expand: ['payload']}), true).then(
    (found): FindWithPayloadResult => (found ? {status: 'saved', payload: found.payload || ''} : {status: 'missing'}),
  );
}

/** Deletes; `false` when there was nothing to delete (already gone counts as done). */
export function deleteSecret(scope: ResolvedScope, name: string): Promise<boolean> {
  return request(() => secrets.deleteWhere({scope, name: validName(name)}), true).then(Boolean);
}

/** Every secret in a scope, following `has_more` page by page; no payloads. */
export function listSecrets(scope: ResolvedScope): Promise<SecretMetadata[]> {
  return request(() => secrets.list({scope, limit: SECRET_LIMITS.listLimitMax})).then((all) => all.map(metadataOf));
}
