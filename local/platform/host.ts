import type {PlatformRPCs} from '@stripe/ui-extension-sdk/utils/platformRpcs';
import type {SerializableRequestOptions, SerializableResponse} from '@stripe/ui-extension-sdk/utils/apiFetch';
import type {ToastOptions} from '@stripe/ui-extension-sdk/utils/toast';
import {AUTHORIZATION_VALUE} from '@stripe/ui-extension-sdk/http_client';
import {randomToken, randomVerifier, s256Challenge} from './pkce';
import {isAllowedByConnectSrc} from '../manifest/csp';

/**
 * The one implementation of the Dashboard's platform RPCs for local use. Jest installs it on
 * `globalThis.__StripeExtExports`; the browser host exposes the same object to the views' Web Worker.
 * It stands in for the Dashboard session: every Stripe API call goes to the Secret Store emulator with the
 * Dashboard session's token, so the emulator applies the same account and user rules Stripe does.
 */

export interface HostOptions {
  /** Base URL of the Secret Store emulator, e.g. http://127.0.0.1:4243 */
  emulatorUrl: string;
  /** A Dashboard session token from the emulator (`dsess_…`), bound to one account, user and mode. */
  sessionToken: string;
  userEmail?: string;
  /** The manifest's permissions (ids). */
  permissions?: string[];
  /** The manifest's `connect-src`; null when the manifest has none. */
  connectSrc?: string[] | null;
  /**
   * Where PKCE verifiers wait for the provider's redirect, keyed by state. In memory by default; the browser host
   * passes one backed by sessionStorage, because the page reloads when the provider sends the person back.
   */
  verifiers?: VerifierStore;
}

export interface VerifierStore {
  get(state: string): string | undefined;
  set(state: string, verifier: string): void;
  delete(state: string): void;
}

/** What the host saw of one Stripe API request: never a body (a POST body can hold a payload). */
export interface RecordedRequest {
  method: string;
  /** Path and query string, e.g. `/v1/apps/secrets?scope[type]=account`. */
  path: string;
  status?: number;
}

export interface OAuthReturn {
  code?: string;
  state?: string;
  verifier?: string;
  error?: string;
}

export interface PlatformHost {
  rpcs: Required<PlatformRPCs>;
  /** Every Stripe API request the views made through this host, in order. */
  requests: RecordedRequest[];
  toasts: {message: string; options?: ToastOptions}[];
  clipboard: string[];
  /**
   * The Dashboard's half of the OAuth return: given the URL the provider redirected to, the `oauthContext` the
   * Dashboard hands the view (the verifier it kept for that state; none for a state it never issued).
   */
  completeOAuth(redirectUrl: string): OAuthReturn;
}

export {isAllowedByConnectSrc};

function headerRecord(headers: object | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (typeof value === 'string' || typeof value === 'number') out[key] = String(value);
  }
  return out;
}

/**
 * The Dashboard sends `stripeApiFetch` to the Stripe API only, as a path (the SDK passes `pathname + search`). An
 * absolute or protocol-relative URL — or a backslash a URL parser turns into one — would carry the Dashboard session's
 * bearer token to another origin, past connect-src; so anything but a path on the API's own origin is refused.
 * The path is judged after URL parsing resolved its dot segments (`%2e` counts as a dot there), and it must then be a
 * `/v1/` path with no encoded slash, backslash or dot left: locally the API shares its origin with the Dashboard's own
 * routes, and `/v1/../__dashboard/session` or `/v1%2f..` must not reach them with the token.
 */
function stripeApiUrl(path: string, apiBase: string): URL {
  const base = new URL(apiBase);
  const url =
    typeof path === 'string' && /^\/(?!\/)/.test(path) && !path.includes('\\') ? new URL(path, base) : undefined;
  if (!url || url.origin !== base.origin || !url.pathname.startsWith('/v1/') || /%(2e|2f|5c)/i.test(url.pathname)) {
    const shown = String(path).split(/[?#]/)[0].slice(0, 80);
    throw new Error(
      `stripeApiFetch: "${shown}" is not a Stripe API path. Pass a path such as /v1/apps/secrets; use fetch (and connect-src) for other servers.`,
    );
  }
  return url;
}

/** Like the real boundary, arguments and results must survive structured cloning. */
function cloned<T>(value: T): T {
  return value === undefined ? value : structuredClone(value);
}

export function createPlatformHost(options: HostOptions): PlatformHost {
  const requests: RecordedRequest[] = [];
  const toasts: PlatformHost['toasts'] = [];
  const clipboard: string[] = [];
  const verifiers: VerifierStore = options.verifiers ?? new Map<string, string>();
  const permissions = options.permissions ?? ['secret_write'];

  function userEmailResponse() {
    const json = {email: options.userEmail ?? 'developer@example.com'};
    return {
      json,
      email: json.email,
      headers: {},
      ok: true,
      redirected: false,
      status: 200,
      statusText: 'OK',
      type: 'basic',
      url: '/v1/user/email',
    };
  }

  async function stripeApiFetch(path: string, init: SerializableRequestOptions = {}): Promise<SerializableResponse> {
    const url = stripeApiUrl(path, options.emulatorUrl);
    const headers = headerRecord(init.headers);
    const auth = Object.entries(headers).find(([key]) => key.toLowerCase() === 'authorization');
    // The Dashboard accepts only the SDK's placeholder key; a real key in a view is a bug.
    if (auth && auth[1] !== AUTHORIZATION_VALUE) {
      throw new Error(
        'stripeApiFetch: views must authenticate with STRIPE_API_KEY from @stripe/ui-extension-sdk/http_client',
      );
    }
    for (const key of Object.keys(headers)) {
      if (key.toLowerCase() === 'authorization' || key.toLowerCase() === 'stripe-account') delete headers[key];
    }
    headers.Authorization = `Bearer ${options.sessionToken}`;
    const method = init.method ?? 'GET';
    const record: RecordedRequest = {method, path};
    requests.push(record);
    // The SDK's getDashboardUserEmail asks this path of the Dashboard, which answers it itself.
    if (path === '/v1/user/email') return userEmailResponse();
    const response = await fetch(url, {
      method,
      headers,
      body: init.body === undefined ? undefined : String(init.body),
    });
    record.status = response.status;
    const text = await response.text();
    let json: object | undefined;
    try {
      json = JSON.parse(text) as object;
    } catch {
      json = undefined;
    }
    const responseHeaders: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      responseHeaders[key] = value;
    });
    return {
      json,
      headers: responseHeaders,
      ok: response.ok,
      redirected: response.redirected,
      status: response.status,
      statusText: response.statusText,
      type: response.type,
      url: response.url,
    };
  }

  /**
   * What the Dashboard does for `fetchStripeSignature`: asks Stripe (the emulator) to sign the view's payload for this
   * session — `{...payload, user_id, account_id}` with the app's signing secret — and hands back the signature string.
   * A refusal (stripe_roles naming a role the user lacks) rejects with Stripe's message, as the SDK's own path does.
   */
  async function fetchStripeSignature(payload?: unknown): Promise<string> {
    const path = '/v1/apps/app_embedded_backend_signature';
    // The SDK sends JSON.stringify({...payload}): no payload is an empty object.
    const query = new URLSearchParams({
      payload: JSON.stringify({...(payload as object | undefined)}),
      'include_only[]': 'signature',
    });
    // Recorded without its query: the payload is the view's business.
    const record: RecordedRequest = {method: 'GET', path};
    requests.push(record);
    const response = await fetch(stripeApiUrl(`${path}?${query.toString()}`, options.emulatorUrl), {
      headers: {Authorization: `Bearer ${options.sessionToken}`},
    });
    record.status = response.status;
    const body = (await response.json().catch(() => undefined)) as
      | {signature?: unknown; error?: {message?: unknown}}
      | undefined;
    if (!response.ok || typeof body?.signature !== 'string') {
      const message = typeof body?.error?.message === 'string' ? body.error.message : `HTTP ${response.status}`;
      throw new Error(`fetchStripeSignature: ${message}`);
    }
    return body.signature;
  }

  const rpcs: Required<PlatformRPCs> = {
    stripeApiFetch: (path, init) => stripeApiFetch(path, cloned(init)).then(cloned),
    supportsFetchAppEmbeddedKey: async () => false,
    fetchAppEmbeddedKey: async () => {
      throw new Error('The local Dashboard has no app embedded key; requests go through stripeApiFetch.');
    },
    // The SDK types this as synchronous, but every RPC crosses an async boundary; views await it.
    createOAuthState: ((extra: string = '') => {
      const state = extra ? `${randomToken()}.${extra}` : randomToken();
      const verifier = randomVerifier();
      verifiers.set(state, verifier);
      return s256Challenge(verifier).then((challenge) => ({state, challenge}));
    }) as unknown as PlatformRPCs['createOAuthState'],
    showToast: async (message, toastOptions) => {
      // An action toast carries its onAction callback (a function proxy over RPC): keep the data, not the function.
      const {onAction, ...data} = (toastOptions ?? {}) as ToastOptions & {onAction?: unknown};
      void onAction;
      toasts.push({message, options: toastOptions === undefined ? undefined : cloned(data as ToastOptions)});
      return {update: () => undefined, dismiss: () => undefined};
    },
    clipboardWriteText: async (text) => {
      clipboard.push(text);
    },
    refreshDashboardData: () => undefined,
    fetchStripeSignature: (payload) => fetchStripeSignature(cloned(payload)),
    getDashboardUserEmail: async () => userEmailResponse(),
    getUserAuthorizedPermissions: async () => [...permissions],
    isPermissionAuthorized: async (permission: string) => permissions.includes(permission),
    isSourceInAuthorizedCSP: async (source: string) => isAllowedByConnectSrc(source, options.connectSrc),
    navigateToDashboardRoute: () => undefined,
  } as Required<PlatformRPCs>;

  function completeOAuth(redirectUrl: string): OAuthReturn {
    const params = new URL(redirectUrl).searchParams;
    const state = params.get('state') ?? undefined;
    const verifier = state === undefined ? undefined : verifiers.get(state);
    if (state !== undefined) verifiers.delete(state);
    return {
      code: params.get('code') ?? undefined,
      state,
      verifier,
      error: params.get('error') ?? undefined,
    };
  }

  return {rpcs, requests, toasts, clipboard, completeOAuth};
}

export interface StripeExtGlobal {
  __StripeExtExports?: {endpoint: {call: Required<PlatformRPCs>}};
}

/** Makes this host the one the SDK talks to (Jest, or a worker); returns a function that removes it. */
export function installHost(host: PlatformHost): () => void {
  const global = globalThis as StripeExtGlobal;
  const previous = global.__StripeExtExports;
  global.__StripeExtExports = {endpoint: {call: host.rpcs}};
  return () => {
    global.__StripeExtExports = previous;
  };
}
