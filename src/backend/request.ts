import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import type {FetchStripeSignature} from '@stripe/ui-extension-sdk/utils/signature';
import {OAuthError, type BackendFailure} from '../oauth/errors';
import {sendWithDeadline, type Mode} from '../oauth/protocol';
import {fetchStripeSignature} from '../sdk/signature';

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

export interface BackendCaller {
  backendUrl: string;
  mode: Mode;
  userId: string;
  accountId: string;
  roles: readonly string[];
  /** `fetchStripeSignature` (src/sdk/signature.ts, the SDK's, request for request): Stripe signs for the user. */
  fetchSignature: FetchStripeSignature;
}

/** How long a request may take once signed. */
const TIMEOUT_SECONDS = 15;

const hex = (bytes: ArrayBuffer | Uint8Array) =>
  [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');

/** 128 random bits, as 32 hex characters: unguessable and within the backend's nonce alphabet. */
export const newNonce = (): string => hex(crypto.getRandomValues(new Uint8Array(16)));

export const sha256Hex = (text: string): Promise<string> =>
  crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)).then(hex);

export interface SignedRequest {
  url: string;
  /** What the view asks the Dashboard to sign, in the contract's key order. */
  payload: Record<string, unknown>;
  /** The JSON body, signature aside: the signed fields, the ids Stripe adds, and the data. */
  body: Record<string, unknown>;
}

/** Builds the request for `action`; the signature is fetched separately (it needs the Dashboard). */
export async function signedRequest(
  caller: BackendCaller,
  action: BackendAction,
  data: Record<string, unknown>,
  nonce?: string,
): Promise<SignedRequest> {
  const payload: Record<string, unknown> = {
    action,
    mode: caller.mode,
    nonce: nonce || newNonce(),
    body_sha256: await sha256Hex(JSON.stringify(data)),
  };
  // The one role-gated action (only the roles that manage the account's key): its request signs the user's roles.
  if (action === 'api_key.check') payload.stripe_roles = [...caller.roles];
  return {
    url: new URL(`actions/${action}`, caller.backendUrl.replace(/\/?$/, '/')).href,
    payload,
    body: {...payload, user_id: caller.userId, account_id: caller.accountId, data},
  };
}

/**
 * Signs and sends one request; resolves with the backend's JSON answer. Every failure is the connection's own error,
 * `backend_failed` with the reason: not signed, refused (with the backend's reason), timed out or unreachable.
 */
export async function callBackend<T>(
  caller: BackendCaller,
  action: BackendAction,
  data?: Record<string, unknown>,
): Promise<T> {
  const fail = (failure: BackendFailure) => new OAuthError({code: 'backend_failed', failure});
  const request = await signedRequest(caller, action, data || {});
  const signature = await caller.fetchSignature(request.payload as Parameters<FetchStripeSignature>[0]).catch(() => {
    throw fail({code: 'not_signed'});
  });
  const {status, body} = await sendWithDeadline(
    request.url,
    {
      method: 'POST',
      headers: {'Content-Type': 'application/json', 'Stripe-Signature': signature},
      body: JSON.stringify(request.body),
    },
    TIMEOUT_SECONDS * 1000,
    (why) => fail(why === 'timeout' ? {code: why, seconds: TIMEOUT_SECONDS} : {code: why}),
  );
  if (status > 299) {
    // The backend's refusals are `{"error": {"reason": …}}`; anything else is named by its status.
    const {reason} = Object(Object(body).error) as {reason?: unknown};
    throw fail({code: 'refused', reason: typeof reason === 'string' ? reason : `http_${status}`, status});
  }
  return body as T;
}

/** The signed-in user's caller, or undefined when no backend is configured (the views then work alone). */
export function backendCaller(
  backendUrl: string | undefined,
  {userContext: user, environment}: ExtensionContextValue,
): BackendCaller | undefined {
  return backendUrl
    ? {
        backendUrl,
        mode: environment.mode,
        userId: user.id || '',
        accountId: user.account.id,
        roles: (user.roles || []).map((r) => r.id || ''),
        fetchSignature: fetchStripeSignature,
      }
    : undefined;
}
