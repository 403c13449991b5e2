import Stripe from 'stripe';
import {fetchStripeSignature as sdkFetchStripeSignature} from '@stripe/ui-extension-sdk/utils/signature';
import {fetchStripeSignature} from '../../src/sdk/signature';
import {setUpSeams} from './seams';

/**
 * The views' `fetchStripeSignature` against the SDK's own, on both of the SDK's paths and a real emulator signing:
 * through the Dashboard (the host's RPC) and directly (an app embedded key, then `stripeApiFetch` → `fetch`). Each case
 * runs both functions and compares what leaves the view and what comes back. api.stripe.com cannot be reached here, so
 * the direct path's `fetch` is the one seam: it records each request and forwards it to the emulator.
 */

const ACCOUNT = 'acct_1KeyringSign';
const PAYLOAD = {action: 'api_key.check', mode: 'test', nonce: 'nonce-0123456789ab', body_sha256: 'ff'};
const stripe = new Stripe('sk_test_unused');

const seams = setUpSeams(ACCOUNT);
const {sent} = seams;

/** True when `header` signs `{...payload, user_id, account_id}` for the session's user with the app's secret. */
function signs(header: unknown, payload: object, user = 'usr_ada'): boolean {
  const text = JSON.stringify({...payload, user_id: user, account_id: ACCOUNT});
  try {
    return (
      stripe.webhooks.signature?.verifyHeader(text, String(header), seams.emulator.signingSecrets()[0], 300) === true
    );
  } catch {
    return false;
  }
}

/** Runs `sign` and returns what it sent to Stripe or the host, and what it resolved or rejected with. */
async function observe(sign: () => Promise<unknown>) {
  sent.length = 0;
  const hostRequests = seams.host.requests.length;
  const outcome = await sign().then(
    (value) => ({ok: true as const, value}),
    (error: unknown) => ({ok: false as const, error}),
  );
  return {outcome, sent: [...sent], host: seams.host.requests.slice(hostRequests)};
}

describe('through the Dashboard (no app embedded key): the host signs, as for the SDK', () => {
  beforeAll(() => {
    seams.host.rpcs.supportsFetchAppEmbeddedKey = async () => false;
  });

  it.each([
    ['the payload', PAYLOAD],
    ['no payload', undefined],
    ['a role the user has', {...PAYLOAD, stripe_roles: ['developer']}],
  ])('%s: the same request to the host and a signature of the same text', async (_what, payload) => {
    const theirs = await observe(() => sdkFetchStripeSignature(payload));
    const ours = await observe(() => fetchStripeSignature(payload));
    expect(ours.host).toEqual(theirs.host);
    expect(ours.host).toEqual([{method: 'GET', path: '/v1/apps/app_embedded_backend_signature', status: 200}]);
    expect(ours.sent).toEqual([]);
    expect(ours.outcome.ok && signs(ours.outcome.value, payload || {})).toBe(true);
    expect(theirs.outcome.ok && signs(theirs.outcome.value, payload || {})).toBe(true);
    expect(ours.outcome.ok && signs(ours.outcome.value, payload || {}, 'usr_vic')).toBe(false);
  });

  it('a role the user lacks: both reject with Stripe’s refusal', async () => {
    const payload = {...PAYLOAD, stripe_roles: ['admin']};
    const theirs = await observe(() => sdkFetchStripeSignature(payload));
    const ours = await observe(() => fetchStripeSignature(payload));
    expect(theirs.outcome.ok).toBe(false);
    expect(ours.outcome).toEqual(theirs.outcome);
    expect(ours.host).toEqual([{method: 'GET', path: '/v1/apps/app_embedded_backend_signature', status: 400}]);
  });
});

describe('directly (an app embedded key): the view asks Stripe, with the SDK’s URL and headers', () => {
  beforeAll(() => {
    seams.host.rpcs.supportsFetchAppEmbeddedKey = async () => true;
    // The embedded key authenticates the view's own requests; the emulator knows this session's token.
    seams.host.rpcs.fetchAppEmbeddedKey = async () => seams.sessionToken;
  });

  it.each([
    ['the payload', PAYLOAD],
    ['no payload', undefined],
    ['text to encode', {...PAYLOAD, note: 'a&b=c+d é ✓ [x]'}],
    ['a role the user has', {...PAYLOAD, stripe_roles: ['developer']}],
  ])('%s: the same request to Stripe and a signature of the same text', async (_what, payload) => {
    const theirs = await observe(() => sdkFetchStripeSignature(payload));
    const ours = await observe(() => fetchStripeSignature(payload));
    expect(theirs.sent).toHaveLength(1);
    expect(ours.sent).toEqual(theirs.sent);
    expect(new URL(ours.sent[0].url).searchParams.get('payload')).toBe(JSON.stringify({...payload}));
    expect(ours.host).toEqual([]);
    expect(ours.outcome.ok && signs(ours.outcome.value, payload || {})).toBe(true);
    expect(theirs.outcome.ok && signs(theirs.outcome.value, payload || {})).toBe(true);
  });

  it('a role the user lacks: the SDK resolves undefined, the views’ function rejects', async () => {
    const payload = {...PAYLOAD, stripe_roles: ['admin']};
    const theirs = await observe(() => sdkFetchStripeSignature(payload));
    const ours = await observe(() => fetchStripeSignature(payload));
    expect(ours.sent).toEqual(theirs.sent);
    expect(theirs.outcome).toEqual({ok: true, value: undefined});
    expect(ours.outcome).toEqual({ok: false, error: new Error('Stripe did not sign the request')});
  });
});
