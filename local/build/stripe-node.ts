import Stripe from 'stripe';
import {createHttpClient, STRIPE_API_KEY} from '@stripe/ui-extension-sdk/http_client';
import {STRIPE_API_VERSION} from '../seam/app';

/**
 * stripe-node in a view, the way Stripe documents it: requests built by stripe-node, carried by the SDK's
 * `createHttpClient()` (the Dashboard session; `STRIPE_API_KEY` is the SDK's placeholder, never a real key).
 * Keyring does not ship it. It is here for three uses: the floor the build reports (an empty view holding it), the
 * oracle the app's own client is compared with (ui-tests/secrets/wire-differential.test.ts), and the one file a fork
 * that needs the rest of the Stripe API copies to `src/stripe.ts` (its import then reads `./secrets/client`; see the
 * README's "Bringing stripe-node back").
 * Retries are off, as in the app's own client: a failure is shown at once and the person decides.
 * @see https://docs.stripe.com/stripe-apps/build-ui#use-stripe-apis
 */
let client: Stripe | undefined;

export function stripeClient(): Stripe {
  client ??= new Stripe(STRIPE_API_KEY, {
    httpClient: createHttpClient() as Stripe.HttpClient,
    apiVersion: STRIPE_API_VERSION,
    maxNetworkRetries: 0,
  });
  return client;
}
