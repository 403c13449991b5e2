import AppDrawer from '../../src/views/AppDrawer';
import AppSettings from '../../src/views/AppSettings';
import CustomerDrawer from '../../src/views/CustomerDrawer';
import InvoiceDrawer from '../../src/views/InvoiceDrawer';
import PaymentDrawer from '../../src/views/PaymentDrawer';
import ProductDrawer from '../../src/views/ProductDrawer';
import SubscriptionDrawer from '../../src/views/SubscriptionDrawer';
import {Screen} from '../support/screen';
import {ADA, startTestDashboard, VIC, type TestDashboard} from '../support/dashboard';

const KEY = 'ec_test_a1b2c3d4e5f6g7h8i9j0k1l2';
const OTHER_KEY = 'ec_live_ZYXWVUTSRQPONMLKJIHGFEDCBA98';
const FIELD = 'Example Cloud API key';
const REPLACE_FIELD = 'Replace Example Cloud API key';

let dashboard: TestDashboard;
let screen: Screen | undefined;
beforeEach(async () => {
  dashboard = await startTestDashboard();
});
afterEach(async () => {
  screen?.unmount();
  screen = undefined;
  await dashboard.close();
});

async function openDrawer(): Promise<Screen> {
  screen = new Screen(<AppDrawer {...dashboard.context()} />);
  await screen.until(() => expect(screen!.allText()).toMatch(/Your Example Cloud connection/));
  return screen;
}

async function storedAccount() {
  const list = await dashboard.backend.apps.secrets.list({scope: {type: 'account'}, expand: ['data.payload']});
  return list.data.map((s) => ({name: s.name, payload: s.payload, expires_at: s.expires_at}));
}

function isoDate(daysFromNow: number): string {
  return new Date(Date.now() + daysFromNow * 86_400_000).toISOString().slice(0, 10);
}

const posts = () => dashboard.host.requests.filter((r) => r.method === 'POST');

describe('the account API key in the drawer', () => {
  it('opening the drawer lists both scopes together, fetches no payload, and re-renders ask nothing more', async () => {
    const view = await openDrawer();
    expect(dashboard.host.requests.map((r) => r.method)).toEqual(['GET', 'GET']);
    expect(dashboard.host.requests.map((r) => decodeURIComponent(r.path))).toEqual([
      expect.stringMatching(/^\/v1\/apps\/secrets\?.*scope\[type\]=account/),
      expect.stringMatching(/^\/v1\/apps\/secrets\?.*scope\[type\]=user&scope\[user\]=usr_ada/),
    ]);
    expect(dashboard.host.requests.some((r) => r.path.includes('payload'))).toBe(false);
    await view.update();
    await view.update();
    expect(dashboard.host.requests).toHaveLength(2);
    expect(view.allText()).toMatch(/No Example Cloud API key is saved for this account yet/);
    expect(view.allText()).toMatch(/Test mode/);
  });

  it('an administrator saves the key: stored in the account scope, the field clears, the value is never shown', async () => {
    const view = await openDrawer();
    await view.type(FIELD, KEY);
    expect(view.field(FIELD).props.type).toBe('password');
    await view.press('Save key');
    await view.until(() => expect(view.allText()).toMatch(/Saved .*\d/));
    expect(await storedAccount()).toEqual([{name: 'keyring.api_key', payload: KEY, expires_at: null}]);
    expect(view.field(REPLACE_FIELD).props.value).toBe('');
    expect(view.allText()).toMatch(/Never expires/);
    expect(view.allText()).not.toContain(KEY);
    expect(dashboard.host.requests.some((r) => r.path.includes('payload'))).toBe(false);
  });

  it('Enter in the key field saves, once however often it is pressed; a bad key is refused with nothing sent', async () => {
    const view = await openDrawer();
    await view.type(FIELD, 'not-a-key');
    await view.key(FIELD, 'Enter');
    await view.until(() => expect(view.field(FIELD).props.error).toMatch(/doesn’t look like an Example Cloud API key/));
    expect(posts()).toEqual([]);
    expect(view.field(FIELD).props.value).toBe('not-a-key');

    await view.type(FIELD, KEY);
    await view.key(FIELD, 'a');
    expect(posts()).toEqual([]);
    await view.key(FIELD, 'Enter');
    await view.key(FIELD, 'Enter');
    await view.until(() => expect(view.allText()).toMatch(/Saved .*\d/));
    expect(posts()).toHaveLength(1);
    expect(await storedAccount()).toEqual([{name: 'keyring.api_key', payload: KEY, expires_at: null}]);
  });

  it('replaces the key with an expiry date, then removes it after confirmation', async () => {
    await dashboard.backend.apps.secrets.create({name: 'keyring.api_key', payload: KEY, scope: {type: 'account'}});
    const view = await openDrawer();
    const date = isoDate(30);
    await view.type(REPLACE_FIELD, OTHER_KEY);
    await view.type('Expires on (optional)', date);
    await view.press('Replace key');
    const endOfDay = Math.floor(Date.parse(`${date}T23:59:59Z`) / 1000);
    await view.until(() => expect(view.allText()).toMatch(/Expires .*\(in 3[01] days\)/));
    expect(await storedAccount()).toEqual([{name: 'keyring.api_key', payload: OTHER_KEY, expires_at: endOfDay}]);
    expect(view.allText()).not.toContain(OTHER_KEY);

    await view.press('Remove key');
    expect(view.allText()).toMatch(/Remove the Example Cloud API key for everyone on this account\?/);
    expect(await storedAccount()).toHaveLength(1);
    await view.press('Yes, remove');
    await view.until(() => expect(view.allText()).toMatch(/No Example Cloud API key is saved/));
    expect(await storedAccount()).toEqual([]);
  });

  it('cancelling the confirmation keeps the key', async () => {
    await dashboard.backend.apps.secrets.create({name: 'keyring.api_key', payload: KEY, scope: {type: 'account'}});
    const view = await openDrawer();
    await view.press('Remove key');
    await view.press('Cancel');
    expect(view.hasButton('Yes, remove')).toBe(false);
    expect(await storedAccount()).toHaveLength(1);
  });

  const badInputs: [string, string, string, RegExp][] = [
    ['an empty key', '', '', /Example Cloud API key can’t be empty/],
    ['a key of the wrong format', 'sk_test_123', '', /doesn’t look like an Example Cloud API key: expected ec_live_/],
    ['a past expiry', KEY, isoDate(-2), /Expiry must be in the future/],
    ['an expiry past 100 years', KEY, '2199-01-01', /at most 100 years/],
    ['an expiry that is not a date', KEY, '2031-02-30', /Expiry date is not a date/],
  ];

  it.each(badInputs)('%s is refused before sending, and the typed value stays', async (_name, key, expiry, message) => {
    const view = await openDrawer();
    const before = dashboard.host.requests.length;
    await view.type(FIELD, key);
    if (expiry) await view.type('Expires on (optional)', expiry);
    await view.press('Save key');
    expect(view.allText()).toMatch(message);
    expect(view.field(FIELD).props.value).toBe(key);
    expect(dashboard.host.requests).toHaveLength(before);
    expect(await storedAccount()).toEqual([]);
  });

  it.each([
    [500, /Couldn’t reach Stripe/],
    [429, /too many requests/i],
  ])('when Stripe answers %i the error is shown, the typed key stays, nothing is saved', async (status, message) => {
    const view = await openDrawer();
    await view.type(FIELD, KEY);
    dashboard.emulator.injectFault({status, times: 1, path: '/v1/apps/secrets'});
    await view.press('Save key');
    await view.until(() => expect(view.allText()).toMatch(message));
    expect(view.field(FIELD).props.value).toBe(KEY);
    expect(await storedAccount()).toEqual([]);
    // The typed key stays in its field (a prop of the TextField) and nowhere else: not in the banner, not in any text.
    expect(view.elements().filter((e) => e.text.includes(KEY))).toEqual([]);
    const carriers = view
      .elements()
      .filter((e) => Object.values(e.props).some((v) => typeof v === 'string' && v.includes(KEY)));
    expect(carriers.map((e) => `${e.type}:${String(e.props.label)}`)).toEqual([`TextField:${FIELD}`]);

    await view.press('Save key');
    await view.until(() => expect(view.allText()).toMatch(/Saved .*\d/));
    expect(await storedAccount()).toEqual([{name: 'keyring.api_key', payload: KEY, expires_at: null}]);
  });

  it('a double press sends one request', async () => {
    const view = await openDrawer();
    await view.type(FIELD, KEY);
    const onPress = view.button('Save key').props.onPress as (e: object) => void;
    onPress({});
    onPress({});
    await view.until(() => expect(view.allText()).toMatch(/Saved .*\d/));
    expect(posts()).toHaveLength(1);
  });

  it('a view-only user sees the status but cannot change it, and is told who to ask', async () => {
    await dashboard.backend.apps.secrets.create({name: 'keyring.api_key', payload: KEY, scope: {type: 'account'}});
    await dashboard.signIn(VIC);
    const view = await openDrawer();
    expect(view.allText()).toMatch(/Saved .*\d/);
    expect(view.allText()).toMatch(
      /Only an Administrator, Super Administrator or Developer can change the Example Cloud API key/,
    );
    expect(view.hasButton('Replace key')).toBe(false);
    expect(view.hasButton('Remove key')).toBe(false);
    expect(() => view.field(REPLACE_FIELD)).toThrow();
    expect(view.allText()).not.toContain(KEY);
  });

  it('explains the limit of 10 when the account scope is full', async () => {
    for (let i = 0; i < 10; i += 1) {
      await dashboard.backend.apps.secrets.create({name: `backend.${i}`, payload: 'p', scope: {type: 'account'}});
    }
    const view = await openDrawer();
    expect(view.allText()).toMatch(/Stripe keeps at most 10 secrets in this account/);
    await view.type(FIELD, KEY);
    await view.press('Save key');
    await view.until(() => expect(view.allText()).toMatch(/Couldn’t save the Example Cloud API key/));
    expect(view.allText()).toMatch(/10/);
    expect(view.field(FIELD).props.value).toBe(KEY);
  });

  it('a failing first load shows the error and recovers on Try again', async () => {
    dashboard.emulator.injectFault({status: 500, times: 2});
    screen = new Screen(<AppDrawer {...dashboard.context()} />);
    const view = screen;
    await view.until(() => expect(view.allText()).toMatch(/Couldn’t reach Stripe/));
    await view.press('Try again');
    await view.until(() => expect(view.allText()).toMatch(/No Example Cloud API key is saved/));
  });
});

describe('object drawers', () => {
  const views = [
    ['customer', CustomerDrawer, 'stripe.dashboard.customer.detail', {id: 'cus_123', object: 'customer'}],
    ['payment', PaymentDrawer, 'stripe.dashboard.payment.detail', {id: 'pi_123', object: 'payment_intent'}],
    ['invoice', InvoiceDrawer, 'stripe.dashboard.invoice.detail', {id: 'in_123', object: 'invoice'}],
    [
      'subscription',
      SubscriptionDrawer,
      'stripe.dashboard.subscription.detail',
      {id: 'sub_123', object: 'subscription'},
    ],
    ['product', ProductDrawer, 'stripe.dashboard.product.detail', {id: 'prod_123', object: 'product'}],
  ] as const;

  it.each(views)(
    'the %s drawer names its object and whether the user can act for it',
    async (name, View, viewportID, objectContext) => {
      screen = new Screen(<View {...dashboard.context({viewportID, objectContext})} />);
      const view = screen;
      await view.until(() =>
        expect(view.allText()).toMatch(
          new RegExp(
            `To act on this ${name} in Example Cloud, connect your account and save the Example Cloud API key`,
          ),
        ),
      );
      expect(view.allText()).toContain(`Credentials for this ${name} (${objectContext.id})`);
      expect(dashboard.host.requests).toHaveLength(2);
    },
  );

  it('says so when the user can act: connected and a key present', async () => {
    await dashboard.backend.apps.secrets.create({name: 'keyring.api_key', payload: KEY, scope: {type: 'account'}});
    await dashboard.backend.apps.secrets.create({
      name: 'keyring.oauth',
      payload: '{}',
      scope: {type: 'user', user: ADA.id},
    });
    screen = new Screen(
      <CustomerDrawer
        {...dashboard.context({
          viewportID: 'stripe.dashboard.customer.detail',
          objectContext: {id: 'cus_9', object: 'customer'},
        })}
      />,
    );
    const view = screen;
    await view.until(() => expect(view.allText()).toMatch(/You can act on this customer in Example Cloud/));
  });
});

describe('constants the views cannot use', () => {
  it.each([
    ['a drawer', AppDrawer, 'stripe.dashboard.drawer.default'],
    ['the settings page', AppSettings, 'settings'],
  ] as const)('%s says what is missing and sends nothing', async (_name, View, viewportID) => {
    const {provider: _provider, ...constants} = dashboard.context().environment.constants as Record<string, unknown>;
    screen = new Screen(<View {...dashboard.context({viewportID, constants})} />);
    const view = screen;
    await view.until(() => expect(view.allText()).toMatch(/Keyring is not configured/));
    expect(view.allText()).toMatch(/stripe-app\.json constants: provider is missing/);
    await view.update();
    expect(dashboard.host.requests).toEqual([]);
  });
});
