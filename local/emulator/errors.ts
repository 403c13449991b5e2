import {SECRET_LIMITS} from '../seam/app';

/**
 * Every error the emulator sends goes through `apiError` and is rendered by `errorEnvelope`, in Stripe's shape
 * `{"error": {"type", "code"?, "message", "param"?, "doc_url"?}}`. The words live in `MESSAGES`, one template per case,
 * so the README table and the tests can point at a single place.
 * @see https://docs.stripe.com/api/errors
 */

export type ErrorType =
  | 'invalid_request_error'
  | 'permission_error'
  | 'rate_limit_error'
  | 'api_error'
  | 'idempotency_error';

export interface ErrorBody {
  type: ErrorType;
  code?: string;
  message: string;
  param?: string;
  doc_url?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(body.message);
    this.name = 'ApiError';
  }
}

/** Codes Stripe documents at docs.stripe.com/error-codes; only these get a `doc_url`. */
const DOCUMENTED_CODES = new Set([
  'parameter_missing',
  'parameter_unknown',
  'parameter_invalid_empty',
  'parameter_invalid_integer',
  'resource_missing',
  'rate_limit',
]);

/** The one builder. Keys are emitted in Stripe's (alphabetical) order. */
function apiError(
  status: number,
  type: ErrorType,
  message: string,
  extra: {code?: string; param?: string} = {},
): ApiError {
  const body: ErrorBody = {type, message};
  if (extra.code !== undefined) {
    body.code = extra.code;
    if (DOCUMENTED_CODES.has(extra.code))
      body.doc_url = `https://stripe.com/docs/error-codes/${extra.code.replace(/_/g, '-')}`;
  }
  if (extra.param !== undefined) body.param = extra.param;
  return new ApiError(status, body);
}

export function errorEnvelope(err: ApiError): {error: ErrorBody} {
  const {code, doc_url, message, param, type} = err.body;
  return {error: {...(code && {code}), ...(doc_url && {doc_url}), message, ...(param && {param}), type}};
}

/** Shows what kind of key it was and at most its last four characters, never the whole key. */
export function maskKey(key: string): string {
  const prefix = /^(sk|rk|pk|dsess)_(test|live)_/.exec(key)?.[0] ?? '';
  const rest = key.slice(prefix.length);
  const tail = rest.length >= 12 ? rest.slice(-4) : '';
  return `${prefix}${'*'.repeat(Math.min(Math.max(rest.length - tail.length, 4), 24))}${tail}`;
}

const VALID_KEYS =
  'A valid key looks like sk_test_…, sk_live_…, rk_test_… or rk_live_… followed by letters and digits, or a Dashboard session token dsess_test_… from POST /local/dashboard_sessions.';

/** Long values are shown by their first 20 characters, as Stripe does; a payload is never shown at all. */
function preview(param: string, value: string): string {
  return param === 'payload' ? '[payload not shown]...' : `${value.slice(0, 20)}...`;
}

export const MESSAGES = {
  noApiKey: () =>
    `You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). ${VALID_KEYS}`,
  invalidApiKey: (key: string) => `Invalid API Key provided: ${maskKey(key)}. ${VALID_KEYS}`,
  unknownSession: (token: string) =>
    `Invalid API Key provided: ${maskKey(token)}. No such Dashboard session: sessions live in the emulator's memory only and end when it stops; create one with POST /local/dashboard_sessions.`,
  malformedStripeAccount: (value: string) =>
    `Invalid Stripe-Account header: '${value.slice(0, 40)}'. It must be an account id like acct_1A2b3C.`,
  sessionOtherAccount: (session: string, header: string) =>
    `This Dashboard session belongs to account '${session}'; it cannot act on account '${header.slice(0, 40)}'.`,
  sessionOtherUser: (session: string, user: string) =>
    `A Dashboard session reaches only the account scope and its own user's scope (scope[user]=${session}); it cannot reach the secrets of user '${user.slice(0, 40)}'.`,
  missingSecretWrite: (account: string) =>
    `This application does not have the required permissions for this endpoint on account '${account}'. Having the 'secret_write' permission would allow this request to continue.`,
  backendOnly: (path: string) => `${path} needs a secret key (sk_… or rk_…); a Dashboard session cannot call it.`,
  unrecognizedUrl: (method: string, path: string) =>
    `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
  hostNotAllowed: (host: string) =>
    `The emulator answers only requests addressed to 127.0.0.1 or localhost, not '${host.slice(0, 60)}' (a guard against DNS rebinding from web pages).`,
  jsonBody: () =>
    "Request bodies must be application/x-www-form-urlencoded (name=value&scope[type]=account), as Stripe's API expects; JSON is not accepted.",
  headersTooLarge: () =>
    "The request line and headers are larger than the emulator reads (Node's 16 KiB header limit). A long query string does this: send long parameters in a POST body, or shorten them.",
  malformedRequest: () => 'The request is not valid HTTP.',
  bodyTooLarge: (limit: number) => `The request body is larger than ${limit} bytes.`,
  malformedEncoding: () => 'Invalid request: the parameters are not valid percent-encoding.',
  invalidUtf8: (where: string) =>
    `Invalid request: the ${where} is not valid UTF-8. Send text as UTF-8 (percent-encoded where needed); invalid bytes are refused, not replaced.`,
  tooManyParams: (limit: number) => `Invalid request: more than ${limit} parameters.`,
  nestedTooDeep: (base: string, limit: number) =>
    `Invalid request: the parameter ${base.slice(0, 40)} is nested more than ${limit} levels deep (${base.slice(0, 40)}[a][b]… may have at most ${limit} bracketed parts).`,
  paramShapeConflict: (path: string) =>
    `Invalid request: ${path} is sent both as a single value and as a hash or an array.`,
  unsupportedNesting: (path: string) => `Invalid request: ${path}[] can only be the last part of a parameter name.`,
  unknownParameters: (params: string[]) =>
    params.length === 1
      ? `Received unknown parameter: ${params[0]}`
      : `Received unknown parameters: ${params.join(', ')}`,
  missingParam: (param: string) => `Missing required param: ${param}.`,
  emptyString: (param: string) =>
    `You passed an empty string for '${param}'. We assume empty values are an attempt to unset a parameter; however '${param}' cannot be unset. You should remove '${param}' from your request or supply a non-empty value.`,
  expectedString: (param: string) => `Invalid string: ${param} must be a single value, not a hash or an array.`,
  expectedHash: (param: string) => `Invalid hash: ${param} must be sent with brackets, like ${param}[type]=account.`,
  expectedArray: (param: string) => `Invalid array: ${param} must be sent as a list, like ${param}[]=value.`,
  stringTooLong: (param: string, value: string) =>
    `Invalid string: ${preview(param, value)}; must be at most ${SECRET_LIMITS.maxStringLength} characters`,
  invalidInteger: (value: string) => `Invalid integer: ${value.slice(0, 40)}`,
  invalidEnum: (param: string, allowed: readonly string[]) =>
    `Invalid ${param}: must be one of ${allowed.join(' or ')}`,
  userOnlyForUserScope: () =>
    'Received unknown parameter: scope[user] (scope[user] may be sent only when scope[type] is user)',
  expiryNotFuture: (expiresAt: number, now: number) =>
    `Invalid expires_at: ${expiresAt} is not in the future (it is now ${now}); the expiry can't be in the past.`,
  expiryTooFar: (expiresAt: number, max: number) =>
    `Invalid expires_at: ${expiresAt} is more than ${SECRET_LIMITS.maxExpiryYears} years in the future (the latest allowed now is ${max}).`,
  cannotExpand: (path: string) => `This property cannot be expanded (${path.slice(0, 60)}).`,
  invalidLimit: () => `Invalid limit: must be between 1 and ${SECRET_LIMITS.listLimitMax}`,
  bothCursors: () => 'Received both starting_after and ending_before parameters. Please pass in only one.',
  noSuchSecret: (name: string) => `No such secret: '${name}'`,
  noSuchCursor: (id: string) =>
    `No such secret: '${id.slice(0, 60)}' (the cursor must be a live secret in the same scope)`,
  scopeFull: (scope: string) =>
    `This scope (${scope}) already holds the maximum of ${SECRET_LIMITS.maxPerScope} secrets. Delete one before creating another; replacing an existing name is always allowed.`,
  malformedAccountParam: () => 'Invalid account: must be an account id like acct_1A2b3C.',
  malformedUserParam: () => 'Invalid user: must be a user id like usr_1A2b3C.',
  invalidFaultStatus: () => 'Invalid status: a fault is 429 or a status from 500 to 599.',
  invalidFaultTimes: () => 'Invalid times: must be a whole number from 1 to 1000.',
  invalidFaultPath: () => 'Invalid path: must start with /.',
  injectedRateLimit: () =>
    'Too many requests hit the API too quickly. We recommend an exponential backoff of your requests. (Fault injected with POST /local/faults.)',
  injectedServerError: (status: number) =>
    `The emulator was told to answer ${status} to this request. (Fault injected with POST /local/faults.)`,
  idempotencyMismatch: (key: string) =>
    `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key.slice(0, 80)}' if you meant to execute a different request.`,
  idempotencyInFlight: (key: string) =>
    `There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ${key.slice(0, 80)}. Please try again later.`,
  storageFailed: (code: string) =>
    `The emulator could not write its data directory (${code}); nothing was changed. Free some space (or fix the directory) and send the request again.`,
  storageStopped: (code: string) =>
    `The emulator stopped taking writes: a failed write to its data directory (${code}) could not be cut back. Everything acknowledged before is safe; restart the emulator.`,
  internal: () => 'An unexpected error occurred in the emulator; see its output.',
  dashboardOnly: (path: string) =>
    `${path} signs for the app's views: only a Dashboard session (the views' stripeApiFetch, dsess_…) can call it. A backend verifies signatures with the app's signing secret; it never asks for one.`,
  signaturePayload: () =>
    'Invalid payload: must be the JSON text of an object, e.g. payload={"action":"check"} (fetchStripeSignature sends JSON.stringify of its argument).',
  stripeRolesShape: () =>
    'Invalid payload: stripe_roles must be a list of role ids (userContext.roles[].id), e.g. ["admin"].',
  roleNotHeld: (user: string, roles: string[]) =>
    `The user ${user} does not have the role${roles.length === 1 ? '' : 's'} ${roles.map((r) => `'${r.slice(0, 40)}'`).join(', ')} named in stripe_roles, so Stripe will not sign this payload.`,
  includeOnly: () => "Invalid include_only[]: the only field this endpoint returns is 'signature'.",
  invalidWebhookUrl: () =>
    'Invalid URL: must be an http:// or https:// URL (the emulator delivers to local receivers too).',
  invalidEventType: (param: string, value: string) =>
    `Invalid ${param}: '${value.slice(0, 60)}' is not an event type (such as customer.created) or '*'.`,
  invalidBoolean: (param: string) => `Invalid boolean: ${param} must be true or false.`,
  noSuchWebhookEndpoint: (id: string) => `No such webhook endpoint: '${id.slice(0, 60)}'`,
  unknownTriggerType: (allowed: readonly string[]) => `Invalid type: the emulator can send ${allowed.join(', ')}.`,
} as const;

/** Named errors: every failure the server can answer, built from the templates above. */
export const Errors = {
  noApiKey: () => apiError(401, 'invalid_request_error', MESSAGES.noApiKey()),
  invalidApiKey: (key: string) => apiError(401, 'invalid_request_error', MESSAGES.invalidApiKey(key)),
  unknownSession: (token: string) => apiError(401, 'invalid_request_error', MESSAGES.unknownSession(token)),
  malformedStripeAccount: (value: string) =>
    apiError(400, 'invalid_request_error', MESSAGES.malformedStripeAccount(value)),
  sessionOtherAccount: (session: string, header: string) =>
    apiError(403, 'permission_error', MESSAGES.sessionOtherAccount(session, header)),
  sessionOtherUser: (session: string, user: string) =>
    apiError(403, 'permission_error', MESSAGES.sessionOtherUser(session, user), {param: 'scope[user]'}),
  missingSecretWrite: (account: string) => apiError(400, 'invalid_request_error', MESSAGES.missingSecretWrite(account)),
  backendOnly: (path: string) => apiError(403, 'permission_error', MESSAGES.backendOnly(path)),
  unrecognizedUrl: (method: string, path: string) =>
    apiError(404, 'invalid_request_error', MESSAGES.unrecognizedUrl(method, path)),
  hostNotAllowed: (host: string) => apiError(400, 'invalid_request_error', MESSAGES.hostNotAllowed(host)),
  jsonBody: () => apiError(400, 'invalid_request_error', MESSAGES.jsonBody()),
  headersTooLarge: () => apiError(431, 'invalid_request_error', MESSAGES.headersTooLarge()),
  malformedRequest: () => apiError(400, 'invalid_request_error', MESSAGES.malformedRequest()),
  bodyTooLarge: (limit: number) => apiError(413, 'invalid_request_error', MESSAGES.bodyTooLarge(limit)),
  malformedEncoding: () => apiError(400, 'invalid_request_error', MESSAGES.malformedEncoding()),
  invalidUtf8: (where: string) => apiError(400, 'invalid_request_error', MESSAGES.invalidUtf8(where)),
  tooManyParams: (limit: number) => apiError(400, 'invalid_request_error', MESSAGES.tooManyParams(limit)),
  nestedTooDeep: (base: string, limit: number) =>
    apiError(400, 'invalid_request_error', MESSAGES.nestedTooDeep(base, limit), {param: base.slice(0, 40)}),
  paramShapeConflict: (path: string) =>
    apiError(400, 'invalid_request_error', MESSAGES.paramShapeConflict(path), {param: path}),
  unsupportedNesting: (path: string) =>
    apiError(400, 'invalid_request_error', MESSAGES.unsupportedNesting(path), {param: path}),
  unknownParameters: (params: string[]) =>
    apiError(400, 'invalid_request_error', MESSAGES.unknownParameters(params), {
      code: 'parameter_unknown',
      param: params[0],
    }),
  missingParam: (param: string) =>
    apiError(400, 'invalid_request_error', MESSAGES.missingParam(param), {code: 'parameter_missing', param}),
  emptyString: (param: string) =>
    apiError(400, 'invalid_request_error', MESSAGES.emptyString(param), {code: 'parameter_invalid_empty', param}),
  expectedString: (param: string) => apiError(400, 'invalid_request_error', MESSAGES.expectedString(param), {param}),
  expectedHash: (param: string) => apiError(400, 'invalid_request_error', MESSAGES.expectedHash(param), {param}),
  expectedArray: (param: string) => apiError(400, 'invalid_request_error', MESSAGES.expectedArray(param), {param}),
  stringTooLong: (param: string, value: string) =>
    apiError(400, 'invalid_request_error', MESSAGES.stringTooLong(param, value), {param}),
  invalidInteger: (param: string, value: string) =>
    apiError(400, 'invalid_request_error', MESSAGES.invalidInteger(value), {code: 'parameter_invalid_integer', param}),
  invalidEnum: (param: string, allowed: readonly string[]) =>
    apiError(400, 'invalid_request_error', MESSAGES.invalidEnum(param, allowed), {param}),
  userOnlyForUserScope: () =>
    apiError(400, 'invalid_request_error', MESSAGES.userOnlyForUserScope(), {
      code: 'parameter_unknown',
      param: 'scope[user]',
    }),
  expiryNotFuture: (expiresAt: number, now: number) =>
    apiError(400, 'invalid_request_error', MESSAGES.expiryNotFuture(expiresAt, now), {param: 'expires_at'}),
  expiryTooFar: (expiresAt: number, max: number) =>
    apiError(400, 'invalid_request_error', MESSAGES.expiryTooFar(expiresAt, max), {param: 'expires_at'}),
  cannotExpand: (path: string) =>
    apiError(400, 'invalid_request_error', MESSAGES.cannotExpand(path), {param: 'expand'}),
  invalidLimit: () => apiError(400, 'invalid_request_error', MESSAGES.invalidLimit(), {param: 'limit'}),
  bothCursors: () => apiError(400, 'invalid_request_error', MESSAGES.bothCursors()),
  noSuchSecret: (name: string) =>
    apiError(404, 'invalid_request_error', MESSAGES.noSuchSecret(name), {code: 'resource_missing', param: 'name'}),
  noSuchCursor: (param: 'starting_after' | 'ending_before', id: string) =>
    apiError(400, 'invalid_request_error', MESSAGES.noSuchCursor(id), {code: 'resource_missing', param}),
  scopeFull: (scope: string) =>
    apiError(400, 'invalid_request_error', MESSAGES.scopeFull(scope), {code: 'secret_limit_exceeded'}),
  malformedAccountParam: () =>
    apiError(400, 'invalid_request_error', MESSAGES.malformedAccountParam(), {param: 'account'}),
  malformedUserParam: () => apiError(400, 'invalid_request_error', MESSAGES.malformedUserParam(), {param: 'user'}),
  invalidFaultStatus: () => apiError(400, 'invalid_request_error', MESSAGES.invalidFaultStatus(), {param: 'status'}),
  invalidFaultTimes: () => apiError(400, 'invalid_request_error', MESSAGES.invalidFaultTimes(), {param: 'times'}),
  invalidFaultPath: () => apiError(400, 'invalid_request_error', MESSAGES.invalidFaultPath(), {param: 'path'}),
  injectedFault: (status: number) =>
    status === 429
      ? apiError(429, 'rate_limit_error', MESSAGES.injectedRateLimit(), {code: 'rate_limit'})
      : apiError(status, 'api_error', MESSAGES.injectedServerError(status)),
  idempotencyMismatch: (key: string) => apiError(400, 'idempotency_error', MESSAGES.idempotencyMismatch(key)),
  idempotencyInFlight: (key: string) => apiError(409, 'idempotency_error', MESSAGES.idempotencyInFlight(key)),
  storageFailed: (code: string) => apiError(500, 'api_error', MESSAGES.storageFailed(code)),
  storageStopped: (code: string) => apiError(500, 'api_error', MESSAGES.storageStopped(code)),
  internal: () => apiError(500, 'api_error', MESSAGES.internal()),
  dashboardOnly: (path: string) => apiError(403, 'permission_error', MESSAGES.dashboardOnly(path)),
  signaturePayload: () => apiError(400, 'invalid_request_error', MESSAGES.signaturePayload(), {param: 'payload'}),
  stripeRolesShape: () => apiError(400, 'invalid_request_error', MESSAGES.stripeRolesShape(), {param: 'payload'}),
  roleNotHeld: (user: string, roles: string[]) =>
    apiError(400, 'invalid_request_error', MESSAGES.roleNotHeld(user, roles), {param: 'payload'}),
  includeOnly: () => apiError(400, 'invalid_request_error', MESSAGES.includeOnly(), {param: 'include_only'}),
  invalidWebhookUrl: () => apiError(400, 'invalid_request_error', MESSAGES.invalidWebhookUrl(), {param: 'url'}),
  invalidEventType: (param: string, value: string) =>
    apiError(400, 'invalid_request_error', MESSAGES.invalidEventType(param, value), {param}),
  invalidBoolean: (param: string) => apiError(400, 'invalid_request_error', MESSAGES.invalidBoolean(param), {param}),
  noSuchWebhookEndpoint: (id: string) =>
    apiError(404, 'invalid_request_error', MESSAGES.noSuchWebhookEndpoint(id), {code: 'resource_missing', param: 'id'}),
  unknownTriggerType: (allowed: readonly string[]) =>
    apiError(400, 'invalid_request_error', MESSAGES.unknownTriggerType(allowed), {param: 'type'}),
};
