import {createHash, createHmac, timingSafeEqual} from 'node:crypto';
import type {Mode} from './app-seam';

/**
 * The views' signed requests (CONTRACT: `POST /actions/<action>`, `Stripe-Signature: t=…,v1=…`). The view asks Stripe
 * to sign `{action, mode, nonce, body_sha256[, stripe_roles]}`; Stripe appends `user_id` and `account_id` and signs
 * the JSON text of the whole, in that order, as it signs webhooks (HMAC-SHA256 of `${t}.${text}` with the app's
 * signing secret). The backend rebuilds that text from the body — never trusts a text the client sends — and checks it
 * against every configured secret (a rotation signs with two). Account, user and mode come only from what was signed.
 *
 * The time check runs both ways and is never optional: stripe-node's `verifyHeader` skips it without a tolerance and
 * only looks backwards with one, so a captured or pre-made signature would stay valid.
 */

export const TOLERANCE_SECONDS = 300;

/** Exactly the keys a body may have; anything else was not signed and is refused. */
const BODY_KEYS = new Set(['action', 'mode', 'nonce', 'body_sha256', 'stripe_roles', 'user_id', 'account_id', 'data']);
const NONCE = /^[A-Za-z0-9_-]{16,128}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const HEX_SIGNATURE = /^[0-9a-f]{64}$/;
const USER_ID = /^usr_[A-Za-z0-9_]+$/;
const ACCOUNT_ID = /^acct_[A-Za-z0-9_]+$/;
const ACTION = /^[a-z_]+(\.[a-z_]+)+$/;
/** A body larger than this is refused before it is parsed: every action's data is small. */
export const MAX_BODY_BYTES = 16 * 1024;

export interface SignedRequest {
  action: string;
  mode: Mode;
  nonce: string;
  /** Present only when the view signed them; Stripe refuses to sign a role the user lacks. */
  roles?: string[];
  userId: string;
  accountId: string;
  /** The action's inputs; their hash was signed. */
  data: Record<string, unknown>;
  /** The signature's time, unix seconds. */
  signedAt: number;
}

export interface Refusal {
  status: 400 | 401 | 403 | 404 | 409 | 413 | 502 | 503;
  reason: string;
  message: string;
}

export type Verified = {ok: true; request: SignedRequest} | {ok: false; refusal: Refusal};

const refuse = (status: Refusal['status'], reason: string, message: string): Verified => ({
  ok: false,
  refusal: {status, reason, message},
});

/** `t=…,v1=…[,v1=…]`: the time and every v1 value; other schemes (v0) are ignored, as Stripe's libraries do. */
export function parseSignatureHeader(header: string): {t: number; v1: string[]} | undefined {
  let t: number | undefined;
  const v1: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return undefined;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (t !== undefined || !/^\d{1,12}$/.test(value)) return undefined;
      t = Number(value);
    } else if (key === 'v1') {
      if (!HEX_SIGNATURE.test(value)) return undefined;
      v1.push(value);
    }
  }
  return t === undefined || v1.length === 0 ? undefined : {t, v1};
}

export const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The text Stripe signed, rebuilt in its order: the view's fields, then user_id, then account_id. */
export function signedText(fields: {
  action: string;
  mode: string;
  nonce: string;
  body_sha256: string;
  stripe_roles?: string[];
  user_id: string;
  account_id: string;
}): string {
  const {action, mode, nonce, body_sha256, stripe_roles, user_id, account_id} = fields;
  const view =
    stripe_roles === undefined ? {action, mode, nonce, body_sha256} : {action, mode, nonce, body_sha256, stripe_roles};
  return JSON.stringify({...view, user_id, account_id});
}

function matchesAny(expected: Buffer[], given: string[]): boolean {
  let match = false;
  // Every pair is compared (no early exit), each in constant time.
  for (const e of expected) {
    for (const g of given) {
      if (timingSafeEqual(e, Buffer.from(g, 'hex'))) match = true;
    }
  }
  return match;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks one request completely, or says why not. Nothing here touches the Secret Store or any store: the caller
 * claims the nonce and gates roles after this passes.
 */
export function verifySignedRequest(input: {
  urlAction: string;
  header: string | undefined;
  body: string;
  secrets: readonly string[];
  nowSeconds: number;
  toleranceSeconds?: number;
}): Verified {
  const tolerance = input.toleranceSeconds ?? TOLERANCE_SECONDS;
  if (input.header === undefined || input.header.trim() === '') {
    return refuse(
      400,
      'missing_signature',
      'The Stripe-Signature header is missing: sign the request with fetchStripeSignature.',
    );
  }
  const header = parseSignatureHeader(input.header);
  if (!header)
    return refuse(400, 'malformed_signature', 'The Stripe-Signature header is not t=<seconds>,v1=<hex>[,v1=<hex>].');
  if (Buffer.byteLength(input.body) > MAX_BODY_BYTES)
    return refuse(413, 'body_too_large', `The body is larger than ${MAX_BODY_BYTES} bytes.`);

  let body: unknown;
  try {
    body = JSON.parse(input.body);
  } catch {
    return refuse(400, 'malformed_body', 'The body is not JSON.');
  }
  if (!isRecord(body)) return refuse(400, 'malformed_body', 'The body is not a JSON object.');
  const extra = Object.keys(body).filter((key) => !BODY_KEYS.has(key));
  if (extra.length) {
    return refuse(
      400,
      'fields_outside_signed_set',
      `Fields that were not signed: ${extra.sort().join(', ')}. Put an action's inputs in data.`,
    );
  }
  const {action, mode, nonce, body_sha256, stripe_roles, user_id, account_id, data} = body;
  const bad = (field: string, what: string) => refuse(400, 'malformed_body', `${field} must be ${what}.`);
  if (typeof action !== 'string' || !ACTION.test(action))
    return bad('action', 'an action name such as connection.check');
  if (mode !== 'test' && mode !== 'live') return bad('mode', '"test" or "live"');
  if (typeof nonce !== 'string' || !NONCE.test(nonce)) return bad('nonce', '16 to 128 characters of A-Z a-z 0-9 _ -');
  if (typeof body_sha256 !== 'string' || !SHA256_HEX.test(body_sha256))
    return bad('body_sha256', 'the lower-case hex SHA-256 of JSON.stringify(data)');
  if ('stripe_roles' in body && (!Array.isArray(stripe_roles) || !stripe_roles.every((r) => typeof r === 'string')))
    return bad('stripe_roles', 'a list of role ids');
  if (typeof user_id !== 'string' || !USER_ID.test(user_id)) return bad('user_id', 'a user id (usr_…)');
  if (typeof account_id !== 'string' || !ACCOUNT_ID.test(account_id))
    return bad('account_id', 'an account id (acct_…)');
  if (!isRecord(data)) return bad('data', 'a JSON object');

  const roles = 'stripe_roles' in body ? (stripe_roles as string[]) : undefined;
  const text = signedText({action, mode, nonce, body_sha256, stripe_roles: roles, user_id, account_id});
  const expected = input.secrets.map((secret) =>
    createHmac('sha256', secret).update(`${header.t}.${text}`, 'utf8').digest(),
  );
  if (!matchesAny(expected, header.v1)) {
    return refuse(
      401,
      'signature_mismatch',
      'No signature matches a configured signing secret and the signed fields: a wrong or retired secret, or fields changed after signing.',
    );
  }
  const age = input.nowSeconds - header.t;
  if (age > tolerance)
    return refuse(
      401,
      'too_old',
      `The signature is ${age} s old; at most ${tolerance} s is accepted. Sign each request afresh.`,
    );
  if (-age > tolerance)
    return refuse(
      401,
      'from_the_future',
      `The signature is dated ${-age} s ahead; at most ${tolerance} s is accepted. Check the clock.`,
    );
  if (action !== input.urlAction)
    return refuse(403, 'action_mismatch', `The signature is for ${action}, not ${input.urlAction}.`);
  if (sha256Hex(JSON.stringify(data)) !== body_sha256)
    return refuse(400, 'body_mismatch', 'data does not match the signed body_sha256.');
  return {
    ok: true,
    request: {action, mode, nonce, roles, userId: user_id, accountId: account_id, data, signedAt: header.t},
  };
}
