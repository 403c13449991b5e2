/**
 * Every failure the Secret Store layer can produce, as a small union of values, and the one place that turns them into
 * words for people. Views never invent their own fallback messages.
 * The input is Stripe's error shape as the app's client (src/secrets/client.ts) throws it — the field names of
 * stripe-node's errors (`statusCode`, `rawType`, `code`, `param`, `message`, `requestId`, `type` for a request that got
 * no answer) — so an error from stripe-node, in a fork that brings it back, maps the same way.
 */
export type SecretErrorDetail =
  | {kind: 'not_found'; message: string}
  | {kind: 'invalid'; param?: string; code?: string; message: string}
  | {kind: 'forbidden'; message: string}
  | {kind: 'rate_limited'; message: string}
  | {kind: 'network'; message: string}
  | {kind: 'unknown'; message: string; requestId?: string};

export type SecretErrorKind = SecretErrorDetail['kind'];

export class SecretStoreError extends Error {
  declare readonly detail: SecretErrorDetail;

  constructor(detail: SecretErrorDetail) {
    super(detail.message);
    this.name = 'SecretStoreError';
    this.detail = detail;
  }
}

interface StripeLikeError {
  type?: unknown;
  rawType?: unknown;
  statusCode?: unknown;
  code?: unknown;
  param?: unknown;
  message?: unknown;
  requestId?: unknown;
}

function field(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Turns whatever the client threw into a detail. Call once, where the request is made. */
export function toSecretError(thrown: unknown): SecretErrorDetail {
  if (thrown instanceof SecretStoreError) return thrown.detail;
  const err: StripeLikeError = Object(thrown);
  const status = typeof err.statusCode === 'number' ? err.statusCode : 0;
  const rawType = field(err.rawType);
  const code = field(err.code);
  const param = field(err.param);
  const message = field(err.message) || '';
  if (err.type === 'StripeConnectionError' || status >= 500 || rawType === 'api_error')
    return {kind: 'network', message};
  if (status === 429 || rawType === 'rate_limit_error' || code === 'rate_limit') return {kind: 'rate_limited', message};
  if (status === 404 || code === 'resource_missing') return {kind: 'not_found', message};
  if (status === 401 || status === 403 || rawType === 'permission_error') return {kind: 'forbidden', message};
  if (status === 400 || rawType === 'invalid_request_error') {
    // Stripe echoes the start of an over-long string in its message; a payload must never be shown, so drop it.
    const safe =
      param === 'payload' ? 'The value must be 1 to 5000 characters.' : message || 'Stripe refused the request.';
    return {kind: 'invalid', param, code, message: safe};
  }
  return {kind: 'unknown', message, requestId: field(err.requestId)};
}

const WORDS: Record<Exclude<SecretErrorKind, 'invalid' | 'unknown'>, string> = {
  not_found: 'Not saved yet.',
  forbidden: 'You don’t have permission to do this. Ask an account administrator.',
  rate_limited: 'Too many requests to Stripe. Wait a moment and try again.',
  network: 'Couldn’t reach Stripe. Check your connection and try again.',
};

/** The words a person sees for each kind of failure. */
export function describeError(detail: SecretErrorDetail): string {
  if (detail.kind === 'invalid') return detail.message;
  if (detail.kind !== 'unknown') return WORDS[detail.kind];
  const quote = detail.requestId ? `; if it keeps happening, quote request ${detail.requestId}` : '';
  return `Something went wrong at Stripe. Try again${quote}.`;
}
