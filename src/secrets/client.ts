import {AUTHORIZATION_VALUE, stripeApiFetch} from '../sdk/host';
import type {DeletedSecret, Secret, SecretList, SecretScope} from './types';

/**
 * The app's Stripe client: the four Secret Store requests, handed to the SDK's `stripeApiFetch` — the call the SDK's
 * `createHttpClient()` makes for stripe-node — so the Dashboard session carries and authenticates them.
 * It encodes exactly as stripe-node 23 does (ui-tests/secrets/wire-differential.test.ts proves it against stripe-node),
 * without bundling stripe-node's 239 KiB (stripe/stripe-apps#817).
 * @see https://docs.stripe.com/stripe-apps/build-ui#use-stripe-apis
 * @see https://docs.stripe.com/api/secret_management
 */

/** The API version this app is written against; pinned so responses cannot change under it. */
export const STRIPE_API_VERSION = '2026-10-28.endive';

/** stripe-node's `autoPagingToArray` cap, kept so a list that never ends cannot grow without bound. */
const MAX_LISTED = 10_000;

export interface NameParams {
  scope: SecretScope;
  name: string;
  /** `['payload']` to receive the value. */
  expand?: string[];
}

export interface CreateParams extends NameParams {
  payload: string;
  /** Unix seconds; absent = never expires. */
  expires_at?: number;
}

export interface ListParams {
  scope: SecretScope;
  /** Page size, 1–100. */
  limit?: number;
  starting_after?: string;
  /** `['data.payload']` to receive the values. */
  expand?: string[];
}

/**
 * What a failed request throws, with the field names of stripe-node's errors so that the one mapping
 * (`toSecretError`) reads both: Stripe's `error` object as sent (`rawType` is its `type`), the HTTP status and the
 * `Request-Id`; `type` is `StripeConnectionError` when no answer came.
 */
interface StripeRequestError extends Error {
  type?: string;
  rawType?: string;
  statusCode?: number;
  code?: string;
  param?: string;
  requestId?: string;
}

function failure(fields: Partial<StripeRequestError> & {message: string}): StripeRequestError {
  return Object.assign(new Error(fields.message), fields);
}

/**
 * encodeURIComponent plus the five characters it leaves that Stripe's encoding escapes; brackets stay readable.
 * Not URLSearchParams: it writes a space as `+` and brackets as `%5B%5D` — Stripe reads both, but the wire is held to
 * exactly what stripe-node sends.
 */
const encode = (text: string) =>
  encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%5[BD]/g, decodeURIComponent);

/**
 * Stripe's form encoding, for bodies and query strings alike: nested keys in brackets (`scope[type]`), arrays by index
 * (`expand[0]`), `undefined` left out, `null` sent empty (Stripe's "unset").
 */
function encodeParams(params: object): string {
  const pairs: string[] = [];
  const add = (key: string, value: unknown): void => {
    if (value === undefined) return;
    if (value !== null && typeof value === 'object') {
      for (const [inner, v] of Object.entries(value)) add(`${key}[${inner}]`, v);
    } else {
      pairs.push(`${encode(key)}=${encode(value === null ? '' : String(value))}`);
    }
  };
  for (const [key, value] of Object.entries(params)) add(key, value);
  return pairs.join('&');
}

/** Parameters go in the query string of a GET and in the form body of a POST, as at Stripe. */
async function send<T>(method: 'GET' | 'POST', path: string, params: object): Promise<T> {
  const data = encodeParams(params);
  const init: {method: 'GET' | 'POST'; headers: Record<string, string>; body?: string} = {
    method,
    headers: {
      Accept: 'application/json',
      'Content-Type': 'application/x-www-form-urlencoded',
      'Stripe-Version': STRIPE_API_VERSION,
      // The SDK's placeholder: the Dashboard authenticates the request, never a key in the view.
      Authorization: AUTHORIZATION_VALUE,
    },
  };
  let url = `https://api.stripe.com${path}`;
  if (method === 'GET') url += data ? `?${data}` : '';
  else if (data) init.body = data;

  let response;
  try {
    response = await stripeApiFetch(url, init);
  } catch (cause) {
    throw failure({type: 'StripeConnectionError', message: `No answer from Stripe: ${String(cause)}`});
  }
  const requestId = response.headers['request-id'];
  const json = response.json as {error?: {type?: string; code?: string; param?: string; message?: string}} | undefined;
  if (json === undefined) {
    throw failure({type: 'StripeAPIError', message: `Stripe answered ${response.status} without JSON`, requestId});
  }
  // Stripe's envelope, whatever the status: {"error": {type, code, message, param}}.
  const {error} = json;
  if (error) {
    throw failure({
      ...error,
      type: undefined,
      rawType: error.type,
      statusCode: response.status,
      message: error.message || '',
      requestId,
    });
  }
  return json as T;
}

const PATH = '/v1/apps/secrets';

/** The Secret Store, shaped like stripe-node's `stripe.apps.secrets` (its verbs, its parameters, its answers). */
export const secrets = {
  /** Create or replace: Stripe upserts by scope and name. */
  create: (params: CreateParams) => send<Secret>('POST', PATH, params),
  find: (params: NameParams) => send<Secret>('GET', `${PATH}/find`, params),
  deleteWhere: (params: NameParams) => send<DeletedSecret>('POST', `${PATH}/delete`, params),
  /**
   * Every secret of a scope, newest first, following `has_more` with `starting_after` = the last id — what
   * stripe-node's `list(params).autoPagingToArray({limit: MAX_LISTED})` does.
   */
  async list(params: ListParams): Promise<Secret[]> {
    const all: Secret[] = [];
    let page = await send<SecretList>('GET', PATH, params);
    for (;;) {
      for (const secret of page.data) {
        all.push(secret);
        if (all.length >= MAX_LISTED) return all;
      }
      const last = page.data[page.data.length - 1];
      if (!page.has_more) return all;
      if (!last?.id) throw new Error('Stripe said has_more but sent no last id');
      page = await send<SecretList>('GET', PATH, {...params, starting_after: last.id});
    }
  },
};
