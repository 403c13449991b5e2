import Stripe from 'stripe';
import {fetchStripeSignature} from '@stripe/ui-extension-sdk/utils';
import {startEmulator, type RunningEmulator} from '../../emulator';
import {createPlatformHost, installHost} from '../../platform/host';

/**
 * The host's `fetchStripeSignature` (what the SDK's `fetchStripeSignature` calls in the Dashboard) asks the emulator to
 * sign for the host's session: a real signature over `{...payload, user_id, account_id}`, never a placeholder.
 */
let emulator: RunningEmulator;
const stripe = new Stripe('sk_test_unused');

beforeAll(async () => {
  emulator = await startEmulator({port: 0, memory: true});
});
afterAll(async () => {
  await emulator?.close();
});

async function hostFor(user: string, roles: string[]) {
  const sessionToken = await emulator.createDashboardSession({account: 'acct_1KeyringTest', user, roles});
  return createPlatformHost({emulatorUrl: emulator.url, sessionToken});
}

const verifies = (text: string, header: string) => {
  try {
    return stripe.webhooks.signature?.verifyHeader(text, header, emulator.signingSecrets()[0], 300) === true;
  } catch {
    return false;
  }
};

test("through the SDK's fetchStripeSignature: a signature the backend verifies, for the session's user and account", async () => {
  const host = await hostFor('usr_ada', ['admin']);
  const uninstall = installHost(host);
  try {
    const payload = {
      action: 'api_key.check',
      mode: 'test',
      nonce: 'nonce-0123456789ab',
      body_sha256: 'ff',
      stripe_roles: ['admin'],
    };
    const signature = await fetchStripeSignature(payload);
    expect(verifies(JSON.stringify({...payload, user_id: 'usr_ada', account_id: 'acct_1KeyringTest'}), signature)).toBe(
      true,
    );
    expect(verifies(JSON.stringify({...payload, user_id: 'usr_vic', account_id: 'acct_1KeyringTest'}), signature)).toBe(
      false,
    );
    expect(host.requests.at(-1)).toEqual({method: 'GET', path: '/v1/apps/app_embedded_backend_signature', status: 200});
  } finally {
    uninstall();
  }
});

test('with no payload it signs the user and account alone', async () => {
  const host = await hostFor('usr_dana', ['developer']);
  const signature = await host.rpcs.fetchStripeSignature();
  expect(verifies(JSON.stringify({user_id: 'usr_dana', account_id: 'acct_1KeyringTest'}), signature)).toBe(true);
});

test('a role the user lacks rejects with Stripe’s refusal', async () => {
  const host = await hostFor('usr_vic', ['view_only']);
  await expect(host.rpcs.fetchStripeSignature({stripe_roles: ['admin']})).rejects.toThrow(
    /^fetchStripeSignature: The user usr_vic does not have the role 'admin'/,
  );
  expect(host.requests.at(-1)?.status).toBe(400);
});
