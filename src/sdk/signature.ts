import {host, stripeApiFetch, supportsAppEmbeddedKey} from './host';
import type {FetchStripeSignature} from '@stripe/ui-extension-sdk/utils/signature';

/**
 * The SDK's `fetchStripeSignature` (9.3.0), request for request, without what its direct path bundles for one GET: a
 * stripe-node-compatible HTTP client (1.1 KiB of the views' 40 KiB budget, 0.45 KiB gzip). Where the Dashboard gives
 * the view an app embedded key, the view asks Stripe to sign through `stripeApiFetch`, with the SDK's URL and headers;
 * otherwise the Dashboard signs. One difference: an answer with no signature (Stripe's refusal of a `stripe_roles` the
 * user lacks) rejects, where the SDK's direct path resolves `undefined` and the backend would get no signature.
 * ui-tests/sdk/signature.test.ts holds both paths to the SDK's requests and answers.
 * @see https://docs.stripe.com/stripe-apps/build-backend#authenticate-ui-to-backend
 */
export const fetchStripeSignature: FetchStripeSignature = async (payload) => {
  if (!(await supportsAppEmbeddedKey())) return host().fetchStripeSignature(payload);
  const url = new URL('https://api.stripe.com/v1/apps/app_embedded_backend_signature');
  url.searchParams.set('payload', JSON.stringify({...(payload as object)}));
  url.searchParams.set('include_only[]', 'signature');
  const {json} = await stripeApiFetch(url.href, {method: 'GET', headers: {}});
  const {signature} = Object(json) as {signature?: unknown};
  if (typeof signature !== 'string') throw new Error('Stripe did not sign the request');
  return signature;
};
