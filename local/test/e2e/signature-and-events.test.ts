import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {join} from 'node:path';
import Stripe from 'stripe';
import {ACCOUNT} from '../../platform/fixtures';
import {FIXTURES, openSession, view, type Session} from '../../testing/browser';

/**
 * The local Stripe's half of a backend, in the browser: a view's fetchStripeSignature returns a signature the backend
 * can verify (and a role the user lacks is refused), and the Dashboard's Install / Create a customer controls deliver
 * signed events to a registered webhook endpoint.
 */
const stripe = new Stripe('sk_test_unused');

describe('fetchStripeSignature from a view', () => {
  let session: Session;
  beforeAll(async () => {
    session = await openSession({appDir: join(FIXTURES, 'signer')});
  });
  afterAll(async () => {
    await session?.close();
  });

  test('returns a signature over {...payload, user_id, account_id} that verifies with the app signing secret', async () => {
    const {page} = session;
    await session.open({page: 'home', user: 'usr_ada'});
    await view(page).getByRole('button', {name: 'Sign', exact: true}).click();
    const line = await view(page)
      .getByText(/^Signature: t=/)
      .textContent();
    const header = (line ?? '').replace(/^Signature: /, '');
    const text = JSON.stringify({
      action: 'demo',
      nonce: 'nonce-0123456789abcdef',
      user_id: 'usr_ada',
      account_id: ACCOUNT.id,
    });
    const [secret] = session.dashboard.emulator.signingSecrets();
    expect(stripe.webhooks.signature?.verifyHeader(text, header, secret, 300)).toBe(true);
    expect(() =>
      stripe.webhooks.signature?.verifyHeader(text.replace('usr_ada', 'usr_vic'), header, secret, 300),
    ).toThrow();
  });

  test("an administrator's stripe_roles is signed for Ada and refused for Vic (view only)", async () => {
    const {page} = session;
    await session.open({page: 'home', user: 'usr_ada'});
    await view(page).getByRole('button', {name: 'Sign as an administrator'}).click();
    await view(page)
      .getByText(/^Signature: t=/)
      .waitFor();
    await session.open({page: 'home', user: 'usr_vic'});
    await view(page).getByRole('button', {name: 'Sign as an administrator'}).click();
    await view(page)
      .getByText(/^Refused: .*usr_vic does not have the role 'admin'/)
      .waitFor();
  });
});

describe('the Dashboard’s app event controls', () => {
  let session: Session;
  let receiver: Server;
  const received: {body: string; signature: string}[] = [];
  let wake: (() => void) | undefined;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({
          body: Buffer.concat(chunks).toString('utf8'),
          signature: String(req.headers['stripe-signature']),
        });
        res.end('{}');
        wake?.();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    session = await openSession({appDir: join(FIXTURES, 'signer')});
  });
  afterAll(async () => {
    await session?.close();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  async function next(count: number): Promise<void> {
    while (received.length < count) await new Promise<void>((resolve) => (wake = resolve));
  }

  test('Install, Uninstall and Create a customer send signed events for the account and mode shown', async () => {
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/stripe`;
    const test = session.dashboard.emulator.createWebhookEndpoint({url, livemode: false});
    const {page} = session;
    await session.open({page: 'home', user: 'usr_vic', mode: 'test'});
    const controls = page.getByRole('group', {name: 'App events'});

    await controls.getByRole('button', {name: 'Install', exact: true}).click();
    await next(1);
    await page.locator('.ld-toast', {hasText: 'Sent account.application.authorized'}).waitFor();
    await controls.getByRole('button', {name: 'Create a customer'}).click();
    await next(2);
    await controls.getByRole('button', {name: 'Uninstall'}).click();
    await next(3);
    const events = received.map((r) => stripe.webhooks.constructEvent(r.body, r.signature, test.secret));
    expect(events.map((e) => [e.type, e.account, e.livemode])).toEqual([
      ['account.application.authorized', ACCOUNT.id, false],
      ['customer.created', ACCOUNT.id, false],
      ['account.application.deauthorized', ACCOUNT.id, false],
    ]);
    expect(events[1].data.object).toMatchObject({object: 'customer', name: 'Grace Hopper'});

    // Live mode: no live endpoint is registered, and the page says so.
    await session.open({page: 'home', user: 'usr_ada', mode: 'live'});
    await page.getByRole('group', {name: 'App events'}).getByRole('button', {name: 'Install', exact: true}).click();
    await page.locator('.ld-toast', {hasText: 'no webhook endpoint listens in live mode'}).waitFor();
    expect(received).toHaveLength(3);
  });
});
