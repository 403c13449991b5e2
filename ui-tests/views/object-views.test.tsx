import {randomBytes} from 'node:crypto';
import type {ComponentType} from 'react';
import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import AppDrawer from '../../src/views/AppDrawer';
import CustomerDrawer from '../../src/views/CustomerDrawer';
import InvoiceDrawer from '../../src/views/InvoiceDrawer';
import PaymentDrawer from '../../src/views/PaymentDrawer';
import ProductDrawer from '../../src/views/ProductDrawer';
import SubscriptionDrawer from '../../src/views/SubscriptionDrawer';
import manifest from '../../stripe-app.json';
import {Screen} from '../support/screen';
import {ADA, startTestDashboard, VIC, type DashboardUser, type TestDashboard} from '../support/dashboard';

/**
 * Each object page's drawer: it names the object the Dashboard opened it on, says whether the signed-in user can act
 * for it (their own connection, the account's key), and opens with two Secret Store requests sent together — both
 * scopes' lists, metadata only — and none on re-render. A saved connection is then checked once (so the view can say
 * who it is): one read of the user's own connection, whose tokens that check sends to the provider, and nothing else.
 */

type View = ComponentType<ExtensionContextValue>;

const OBJECT_VIEWS: [string, View, string, string, string][] = [
  // [the word the view uses, view, viewport, object type, id prefix]
  ['customer', CustomerDrawer, 'stripe.dashboard.customer.detail', 'customer', 'cus'],
  ['payment', PaymentDrawer, 'stripe.dashboard.payment.detail', 'payment_intent', 'pi'],
  ['payment', PaymentDrawer, 'stripe.dashboard.payment.detail', 'charge', 'ch'],
  ['invoice', InvoiceDrawer, 'stripe.dashboard.invoice.detail', 'invoice', 'in'],
  ['subscription', SubscriptionDrawer, 'stripe.dashboard.subscription.detail', 'subscription', 'sub'],
  ['product', ProductDrawer, 'stripe.dashboard.product.detail', 'product', 'prod'],
];

const STATES = [
  {
    connected: false,
    key: false,
    says: /To act on this (\w+) in Example Cloud, connect your account and save the Example Cloud API key\./,
  },
  {connected: true, key: false, says: /To act on this (\w+) in Example Cloud, save the Example Cloud API key\./},
  {connected: false, key: true, says: /To act on this (\w+) in Example Cloud, connect your account\./},
  {connected: true, key: true, says: /You can act on this (\w+) in Example Cloud\./},
] as const;

let dashboard: TestDashboard;
let screen: Screen | undefined;
let payloads: string[] = [];

beforeEach(async () => {
  dashboard = await startTestDashboard();
  payloads = [];
});
afterEach(async () => {
  screen?.unmount();
  screen = undefined;
  await dashboard.close();
});

const unique = (prefix: string) => `${prefix}_${randomBytes(6).toString('hex')}`;

async function seed(options: {connectedUser?: DashboardUser; key: boolean}): Promise<void> {
  if (options.key) {
    const key = `ec_test_${randomBytes(16).toString('hex')}`;
    payloads.push(key);
    await dashboard.backend.apps.secrets.create({name: 'keyring.api_key', payload: key, scope: {type: 'account'}});
  }
  if (options.connectedUser) {
    const accessToken = randomBytes(24).toString('base64url');
    const payload = JSON.stringify({
      v: 1,
      access_token: accessToken,
      token_type: 'Bearer',
      refresh_token: randomBytes(24).toString('base64url'),
    });
    payloads.push(payload, accessToken);
    await dashboard.backend.apps.secrets.create({
      name: 'keyring.oauth',
      payload,
      scope: {type: 'user', user: options.connectedUser.id},
    });
  }
}

async function open(
  View: View,
  viewportID: string,
  objectContext: {id: string; object: string} | null,
): Promise<Screen> {
  const context = dashboard.context({viewportID, objectContext});
  screen = new Screen(<View {...context} />);
  const view = screen;
  await view.until(() => expect(view.allText()).toMatch(/Your Example Cloud connection/));
  return view;
}

/** Waits until the check of a saved connection has ended (the provider is not reachable from these tests). */
async function checked(view: Screen): Promise<void> {
  await view.until(() => expect(view.button('Check connection').props.pending).toBe(false));
}

/**
 * Opening sends the two metadata lists (no payload); only a connected user's drawer then reads that user's own
 * connection, once, to say who is connected (its tokens go to the provider's userinfo).
 */
function expectOpeningRequests(user: DashboardUser, connected = false): void {
  const all = dashboard.host.requests.map((r) => ({method: r.method, path: decodeURIComponent(r.path)}));
  const requests = all.slice(0, 2);
  expect(all.slice(2)).toEqual(
    connected
      ? [
          {
            method: 'GET',
            path: `/v1/apps/secrets/find?scope[type]=user&scope[user]=${user.id}&name=keyring.oauth&expand[0]=payload`,
          },
        ]
      : [],
  );
  expect(requests.every((r) => r.method === 'GET' && r.path.startsWith('/v1/apps/secrets?'))).toBe(true);
  expect(requests.map((r) => (/scope\[type\]=(\w+)/.exec(r.path) ?? [])[1]).sort()).toEqual(['account', 'user']);
  expect(requests.find((r) => r.path.includes('scope[type]=user'))?.path).toContain(`scope[user]=${user.id}`);
  expect(requests.some((r) => r.path.includes('payload'))).toBe(false);
}

it('every object view in the manifest is tested here', () => {
  const objectViewports = manifest.ui_extension.views.map((v) => v.viewport).filter((v) => v.endsWith('.detail'));
  expect([...new Set(OBJECT_VIEWS.map(([, , viewport]) => viewport))].sort()).toEqual([...objectViewports].sort());
});

describe.each(OBJECT_VIEWS)('the %s drawer (on a %s)', (word, View, viewportID, object, prefix) => {
  it.each(STATES)(
    'names its object and says whether the user can act (connected: $connected, key: $key)',
    async (state) => {
      await seed({connectedUser: state.connected ? ADA : undefined, key: state.key});
      const id = unique(prefix);
      const view = await open(View, viewportID, {id, object});
      await view.until(() => expect(view.allText()).toMatch(state.says));
      expect(state.says.exec(view.allText())?.[1]).toBe(word);
      expect(view.allText()).toContain(`Credentials for this ${word} (${id})`);
      const badges = view
        .elements()
        .filter((e) => e.type === 'Badge')
        .map((e) => e.text);
      expect(badges).toEqual(
        expect.arrayContaining([
          state.connected ? 'Connected' : 'Not connected',
          state.key ? 'API key saved' : 'No API key',
        ]),
      );

      if (state.connected) await checked(view);
      expectOpeningRequests(ADA, state.connected);
      const opened = dashboard.host.requests.length;
      await view.update();
      await view.update();
      expect(dashboard.host.requests).toHaveLength(opened);
      for (const payload of payloads) expect(view.allText()).not.toContain(payload);
    },
  );
});

describe('who can act is the signed-in user’s own connection', () => {
  it('a view-only user with their own connection and the account key can act; another user’s connection does not count', async () => {
    await seed({connectedUser: ADA, key: true});
    await dashboard.signIn(VIC);
    const id = unique('cus');
    let view = await open(CustomerDrawer, 'stripe.dashboard.customer.detail', {id, object: 'customer'});
    await view.until(() =>
      expect(view.allText()).toMatch(/To act on this customer in Example Cloud, connect your account\./),
    );
    expectOpeningRequests(VIC);
    view.unmount();

    await seed({connectedUser: VIC, key: false});
    dashboard.host.requests.length = 0;
    view = await open(CustomerDrawer, 'stripe.dashboard.customer.detail', {id, object: 'customer'});
    screen = view;
    await view.until(() => expect(view.allText()).toMatch(/You can act on this customer in Example Cloud\./));
    await checked(view);
    expectOpeningRequests(VIC, true);
    for (const payload of payloads) expect(view.allText()).not.toContain(payload);
  });
});

describe('the default drawer', () => {
  it('names no object, and opens with the same two metadata lists', async () => {
    await seed({connectedUser: ADA, key: true});
    const view = await open(AppDrawer, 'stripe.dashboard.drawer.default', null);
    expect(view.allText()).toContain('Your Example Cloud credentials');
    expect(view.allText()).not.toMatch(/act on this/);
    await checked(view);
    expectOpeningRequests(ADA, true);
    await view.update();
    expect(dashboard.host.requests).toHaveLength(3);
    for (const payload of payloads) expect(view.allText()).not.toContain(payload);
  });
});
