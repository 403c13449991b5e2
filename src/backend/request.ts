import type {FetchStripeSignature} from '@stripe/ui-extension-sdk/utils/signature';

/**
 * The views' side of a signed request to Keyring's backend. Stripe signs `{...additionalPayload, user_id, account_id}`
 * (in that order) for the signed-in user; the backend rebuilds that exact text from the body and takes account, user
 * and mode only from it. So the view signs, besides the action, everything the backend must be able to trust: the mode,
 * a fresh nonce (each signature is good once) and a hash of the body's data — and sends the same fields in the body.
 * The order of the signed keys is the contract (backend/README.md); `stripe_roles` makes Stripe refuse to sign when a
 * listed role is not the user's, so a role-gated action can trust them.
 * @see https://docs.stripe.com/stripe-apps/build-backend#authenticate-ui-to-backend
 */

export type BackendAction = 'connection.check' | 'connection.refresh' | 'api_key.check';
export type Mode = 'test' | 'live';

/** Actions only the roles that manage the account's key may ask for: their requests sign the user's roles. */
const ROLE_GATED: ReadonlySet<BackendAction> = new Set(['api_key.check']);

export interface BackendCaller {
  backendUrl: string;
  mode: Mode;
  userId: string;
  accountId: string;
  roles: readonly string[];
  /** The SDK's `fetchStripeSignature`: the Dashboard signs for the signed-in user. */
  fetchSignature: FetchStripeSignature;
  /** How long the whole request may take, signature included. */
  timeoutMs?: number;
}

export type BackendFailure =
  /** The Dashboard would not sign (e.g. a role the user lacks): nothing was sent. */
  | {code: 'not_signed'}
  /** The backend refused the request, with its reason (`too_old`, `replayed`, `bad_signature`, …). */
  | {code: 'refused'; reason: string; status: number}
  /** No answer in time, or no connection. */
  | {code: 'unreachable'}
  | {code: 'timeout'; seconds: number};

export class BackendError extends Error {
  constructor(readonly detail: BackendFailure) {
    super(`backend: ${detail.code}`);
    this.name = 'BackendError';
  }
}

/** 128 random bits, base64url: unguessable and within the backend's nonce alphabet. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export interface SignedRequest {
  url: string;
  /** What the view asks the Dashboard to sign, in the contract's key order. */
  payload: Record<string, unknown>;
  /** The JSON body, signature aside: the signed fields, the ids Stripe adds, and the data. */
  body: Record<string, unknown>;
}

/** Builds the request for `action`; the signature is fetched separately (it needs the Dashboard). */
export async function signedRequest(caller: BackendCaller, action: BackendAction, data: Record<string, unknown>, nonce = newNonce()): Promise<SignedRequest> {
  const payload: Record<string, unknown> = {action, mode: caller.mode, nonce, body_sha256: await sha256Hex(JSON.stringify(data))};
  if (ROLE_GATED.has(action)) payload.stripe_roles = [...caller.roles];
  const url = new URL(`actions/${action}`, caller.backendUrl.endsWith('/') ? caller.backendUrl : `${caller.backendUrl}/`).href;
  return {url, payload, body: {...payload, user_id: caller.userId, account_id: caller.accountId, data}};
}

/** Signs and sends one request; resolves with the backend's JSON answer, or throws a `BackendError`. */
export async function callBackend<T>(caller: BackendCaller, action: BackendAction, data: Record<string, unknown> = {}): Promise<T> {
  const timeoutMs = caller.timeoutMs ?? 15_000;
  const request = await signedRequest(caller, action, data);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    let signature: string;
    try {
      signature = await caller.fetchSignature(request.payload as Parameters<FetchStripeSignature>[0]);
    } catch {
      throw new BackendError({code: 'not_signed'});
    }
    let response: Response;
    try {
      response = await fetch(request.url, {
        method: 'POST',
        headers: {'Content-Type': 'application/json', 'Stripe-Signature': signature},
        body: JSON.stringify(request.body),
        signal: controller.signal,
      });
    } catch {
      throw new BackendError(controller.signal.aborted ? {code: 'timeout', seconds: Math.round(timeoutMs / 1000)} : {code: 'unreachable'});
    }
    const answer = (await response.json().catch(() => undefined)) as {error?: {reason?: unknown}} | undefined;
    if (!response.ok) {
      const reason = typeof answer?.error?.reason === 'string' ? answer.error.reason : `http_${response.status}`;
      throw new BackendError({code: 'refused', reason, status: response.status});
    }
    return answer as T;
  } finally {
    clearTimeout(timer);
  }
}
