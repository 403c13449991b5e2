import {randomBytes} from 'node:crypto';
import Stripe from 'stripe';
import {sha256Hex, signedText} from '../src/signature';

/**
 * Shared by the backend's tests: signing like Stripe does (with stripe-node's own test helper), and the environment.
 */

export const SIGNING_SECRET = 'absec_testsecretone0123456789abcdefAB';
export const ROTATED_SECRET = 'absec_testsecrettwo0123456789abcdefCD';
export const WEBHOOK_SECRET_TEST = 'whsec_testendpoint0123456789abcdef';
export const WEBHOOK_SECRET_LIVE = 'whsec_liveendpoint0123456789abcdef';
export const ACCOUNT = 'acct_1KeyringTest';
export const USER = 'usr_1KeyringAda';

export const newNonce = () => randomBytes(18).toString('base64url');
export const nowSeconds = () => Math.floor(Date.now() / 1000);

export interface SignedFields {
  action: string;
  mode?: 'test' | 'live';
  nonce?: string;
  data?: Record<string, unknown>;
  stripe_roles?: string[];
  user_id?: string;
  account_id?: string;
}

/**
 * A view's request: the body, and the Stripe-Signature header Stripe would give it, made by stripe-node's
 * `webhooks.generateTestHeaderString` over the signed text (one `v1=` per secret, as in a rotation).
 */
export function signRequest(
  fields: SignedFields,
  options: {secrets?: string[]; timestamp?: number} = {},
): {body: Record<string, unknown>; header: string} {
  const data = fields.data ?? {};
  const body: Record<string, unknown> = {
    action: fields.action,
    mode: fields.mode ?? 'test',
    nonce: fields.nonce ?? newNonce(),
    body_sha256: sha256Hex(JSON.stringify(data)),
    ...(fields.stripe_roles ? {stripe_roles: fields.stripe_roles} : {}),
    user_id: fields.user_id ?? USER,
    account_id: fields.account_id ?? ACCOUNT,
    data,
  };
  const text = signedText(body as Parameters<typeof signedText>[0]);
  const timestamp = options.timestamp ?? nowSeconds();
  const headers = (options.secrets ?? [SIGNING_SECRET]).map((secret) =>
    Stripe.webhooks.generateTestHeaderString({payload: text, secret, timestamp}),
  );
  const v1 = headers.map((h) => h.split(',').find((part) => part.startsWith('v1=')) as string);
  return {body, header: [`t=${timestamp}`, ...v1].join(',')};
}

/** A Stripe event as Stripe delivers it, with its Stripe-Signature header. */
export function signEvent(
  event: {
    id?: string;
    type: string;
    account: string;
    livemode?: boolean;
    object?: Record<string, unknown>;
    created?: number;
  },
  secret: string,
  timestamp = nowSeconds(),
): {raw: string; header: string} {
  const raw = JSON.stringify({
    id: event.id ?? `evt_${randomBytes(12).toString('hex')}`,
    object: 'event',
    account: event.account,
    livemode: event.livemode ?? false,
    type: event.type,
    created: event.created ?? timestamp,
    api_version: '2025-01-27.acacia',
    data: {object: event.object ?? {}},
  });
  return {raw, header: Stripe.webhooks.generateTestHeaderString({payload: raw, secret, timestamp})};
}

/** The environment a backend in these tests starts with. */
export function backendEnv(
  over: Record<string, string | undefined> & {emulatorUrl?: string; providerUrl?: string; keyCheckUrl?: string},
): Record<string, string | undefined> {
  const {emulatorUrl, providerUrl, keyCheckUrl, ...rest} = over;
  const provider = providerUrl ?? 'http://127.0.0.1:9';
  return {
    STRIPE_SECRET_KEY: 'sk_test_backendtests',
    STRIPE_SECRET_KEY_LIVE: 'sk_live_backendtests',
    ...(emulatorUrl ? {STRIPE_API_BASE: emulatorUrl} : {}),
    KEYRING_SIGNING_SECRETS: SIGNING_SECRET,
    STRIPE_WEBHOOK_SECRET_TEST: WEBHOOK_SECRET_TEST,
    STRIPE_WEBHOOK_SECRET_LIVE: WEBHOOK_SECRET_LIVE,
    KEYRING_PROVIDER_TOKEN_URL: `${provider}/oauth/token`,
    KEYRING_PROVIDER_USERINFO_URL: `${provider}/oauth/userinfo`,
    KEYRING_PROVIDER_KEY_CHECK_URL: keyCheckUrl ?? `${provider}/api/key-check`,
    KEYRING_PROVIDER_CLIENT_ID: 'keyring-stripe-app',
    ...rest,
  };
}
