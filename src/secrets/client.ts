import Stripe from 'stripe';
import {createHttpClient, STRIPE_API_KEY} from '@stripe/ui-extension-sdk/http_client';

/** The API version this app is written against; pinned so a stripe-node upgrade cannot change responses silently. */
export const STRIPE_API_VERSION = '2026-10-28.endive';

let client: Stripe | undefined;

/**
 * The app's one Stripe client. Requests go through the Dashboard session (`stripeApiFetch`), authenticated by the
 * Dashboard; `STRIPE_API_KEY` is the SDK's placeholder, never a real key.
 * Retries are off, as in the Dashboard's UI runtime, so a failure is shown at once and the person decides.
 * @see https://docs.stripe.com/stripe-apps/build-ui#use-stripe-apis
 */
export function stripeClient(): Stripe {
  client ??= new Stripe(STRIPE_API_KEY, {
    httpClient: createHttpClient() as Stripe.HttpClient,
    apiVersion: STRIPE_API_VERSION,
    maxNetworkRetries: 0,
  });
  return client;
}
