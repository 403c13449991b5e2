import type {Endpoint} from '@remote-ui/rpc';
import type {createOAuthState as sdkCreateOAuthState} from '@stripe/ui-extension-sdk/oauth';
import type {SerializableResponse, StripeApiFetch} from '@stripe/ui-extension-sdk/utils/apiFetch';
import type {PlatformRPCs} from '@stripe/ui-extension-sdk/utils/platformRpcs';

/**
 * The SDK's calls to the Dashboard that the views make (9.3.0), as the SDK makes them: `stripeApiFetch`,
 * `createOAuthState` and the two behind them. The SDK reaches the Dashboard through a module that bundles
 * `invariant` (a CommonJS package, with esbuild's interop for it) to say the endpoint is missing: 0.3 KiB gzip of the
 * views' 14 KiB. ui-tests/sdk/host.test.ts runs each beside the SDK's, on both of its paths, and compares what leaves
 * the view and what comes back.
 */

/**
 * The placeholder the SDK puts in a view's `Authorization` header (its `AUTHORIZATION_VALUE`): the Dashboard
 * authenticates the request, never a key in the view.
 */
export const AUTHORIZATION_VALUE = 'Bearer DO_NOT_PASS_A_REAL_API_KEY';

/** The Dashboard's end of the view's channel, which it hands over when it starts the view. */
export function host(): Endpoint<PlatformRPCs>['call'] {
  const exports = (globalThis as {__StripeExtExports?: {endpoint?: Endpoint<PlatformRPCs>}}).__StripeExtExports;
  if (!exports?.endpoint) throw new Error('hostEndpoint has not been initialized');
  return exports.endpoint.call;
}

/** Whether the Dashboard gives the view an app embedded key, to call Stripe itself; false when it cannot say. */
export const supportsAppEmbeddedKey = async (): Promise<boolean> =>
  host()
    .supportsFetchAppEmbeddedKey()
    .catch(() => false);

/** The path the first answer chose, kept for the view's life as the SDK keeps it. */
let direct: boolean | undefined;

/**
 * An authenticated request to Stripe's API: through the Dashboard, or with an app embedded key, directly; the answer
 * in the Dashboard's serializable form either way.
 */
export const stripeApiFetch: StripeApiFetch = async (url, options = {}) => {
  direct ??= await supportsAppEmbeddedKey();
  if (!direct) {
    const {pathname, search} = new URL(url);
    return host().stripeApiFetch(pathname + search, options);
  }
  const key = await host().fetchAppEmbeddedKey();
  if (!key) throw new Error('Unable to fetch app embedded key');
  const response = await fetch(url, {...options, headers: {...options.headers, Authorization: `Bearer ${key}`}});
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const answer: SerializableResponse = {
    json: undefined,
    arrayBuffer: undefined,
    headers,
    ok: response.ok,
    redirected: response.redirected,
    status: response.status,
    statusText: response.statusText,
    type: response.type,
    url: response.url,
  };
  // Only an exact `application/json` is read as JSON, as the SDK reads it.
  if (response.headers.get('Content-Type') === 'application/json') answer.json = await response.json();
  else answer.arrayBuffer = await response.arrayBuffer();
  return answer;
};

/** A PKCE state and challenge pair from the Dashboard, which keeps the verifier. */
export const createOAuthState: typeof sdkCreateOAuthState = (state = '') => host().createOAuthState(state);
