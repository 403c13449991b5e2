/**
 * @jest-environment ./ui-tests/support/jsdom-node.ts
 */
import {act, renderHook, waitFor} from '@testing-library/react';
import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import {parseConfig, type KeyringConfig} from '../../src/config';
import {drawerDescription, useDrawerPage, type DrawerPageModel} from '../../src/pages/drawer/useDrawerPage';
import {dashboardPerFile} from '../support/per-file';
import {VIC} from '../support/dashboard';

/**
 * The drawer page's view model, driven through what it returns (the same fields its JSX reads) against one emulator
 * for the file. The rendered drawer is tested in ui-tests/views; here each action and what it leaves in the store.
 */
const dashboard = dashboardPerFile();
const KEY = 'ec_test_a1b2c3d4e5f6g7h8i9j0k1l2';
const CUSTOMER = {viewportID: 'stripe.dashboard.customer.detail', objectContext: {id: 'cus_1', object: 'customer'}};

function open(context: ExtensionContextValue = dashboard().context(CUSTOMER)) {
  const config = parseConfig(context.environment.constants) as KeyringConfig;
  return renderHook(() => useDrawerPage(context, config));
}

/** Waits for the lists, and for the Connect link the page prepares while not connected. */
async function ready(result: {current: DrawerPageModel}): Promise<void> {
  await waitFor(() => expect(result.current.full).toBeDefined());
}

const posts = () => dashboard().host.requests.filter((r) => r.method === 'POST');

async function storedKey() {
  const {data} = await dashboard().backend.apps.secrets.list({scope: {type: 'account'}, expand: ['data.payload']});
  return data.map((s) => ({name: s.name, payload: s.payload, expires_at: s.expires_at}));
}

describe('useDrawerPage', () => {
  it('loads both lists, names the object, and says what is missing to act on it', async () => {
    const {result, unmount} = open();
    expect(result.current.scopes.status).toBe('loading');
    expect(result.current.object).toBeUndefined();
    await ready(result);
    expect(result.current.object).toEqual({
      sentence: 'To act on this customer in Example Cloud, connect your account and save the Example Cloud API key.',
      connected: false,
      keyPresent: false,
    });
    expect(result.current.apiKey.saved).toBeNull();
    expect(result.current.connection.saved).toBeNull();
    await waitFor(() =>
      expect(result.current.connection.connectHref).toEqual(expect.stringContaining('code_challenge_method=S256')),
    );
    expect(dashboard().host.requests.map((r) => r.method)).toEqual(['GET', 'GET']);
    unmount();
  });

  it('saves the key: one request, the field cleared, the lists read again and the object can use it', async () => {
    const {result, unmount} = open();
    await ready(result);
    act(() => result.current.apiKey.form?.key.set(` ${KEY} `));
    act(() => result.current.apiKey.form?.submit());
    expect(result.current.apiKey.form?.saving).toBe(true);
    await waitFor(() => expect(result.current.apiKey.saved).not.toBeNull());
    expect(posts()).toHaveLength(1);
    expect(await storedKey()).toEqual([{name: 'keyring.api_key', payload: KEY, expires_at: null}]);
    expect(result.current.apiKey.form?.key.value).toBe('');
    expect(result.current.object?.keyPresent).toBe(true);
    expect(dashboard().host.requests.filter((r) => r.method === 'GET')).toHaveLength(4);
    unmount();
  });

  it.each([
    ['an empty key', '', '', {key: 'Example Cloud API key can’t be empty.'}],
    [
      'a key of the wrong format',
      'sk_test_1',
      '',
      {
        key: 'This doesn’t look like an Example Cloud API key: expected ec_live_ followed by at least 24 letters or digits.',
      },
    ],
    ['an expiry that is not a date', KEY, '2031-02-30', {expiry: 'Expiry date is not a date.'}],
    [
      'a past expiry and an empty key',
      '',
      '2001-01-01',
      {key: 'Example Cloud API key can’t be empty.', expiry: 'Expiry must be in the future.'},
    ],
  ])('%s: each field shows its own issue, nothing is sent, the input stays', async (_name, key, expiry, errors) => {
    const {result, unmount} = open();
    await ready(result);
    act(() => {
      result.current.apiKey.form?.key.set(key);
      result.current.apiKey.form?.expiry.set(expiry);
    });
    act(() => result.current.apiKey.form?.submit());
    expect({key: result.current.apiKey.form?.key.error, expiry: result.current.apiKey.form?.expiry.error}).toEqual({
      key: undefined,
      expiry: undefined,
      ...errors,
    });
    expect(result.current.apiKey.form?.key.value).toBe(key);
    expect(posts()).toEqual([]);
    unmount();
  });

  it('a failed save says so and keeps the key typed; removing the key refetches', async () => {
    const {result, unmount} = open();
    await ready(result);
    act(() => result.current.apiKey.form?.key.set(KEY));
    dashboard().emulator.injectFault({status: 500, times: 1, path: '/v1/apps/secrets'});
    act(() => result.current.apiKey.form?.submit());
    await waitFor(() => expect(result.current.apiKey.failure).toBeDefined());
    expect(result.current.apiKey.failure).toEqual({
      title: 'Couldn’t save the Example Cloud API key',
      description: 'Couldn’t reach Stripe. Check your connection and try again.',
    });
    expect(result.current.apiKey.form?.key.value).toBe(KEY);

    act(() => result.current.apiKey.form?.submit());
    await waitFor(() => expect(result.current.apiKey.saved).not.toBeNull());
    act(() => result.current.apiKey.form?.remove());
    await waitFor(() => expect(result.current.apiKey.saved).toBeNull());
    expect(await storedKey()).toEqual([]);
    unmount();
  });

  it('a view-only user gets no form, only who to ask', async () => {
    await dashboard().signIn(VIC);
    const {result, unmount} = open();
    await ready(result);
    expect(result.current.apiKey.form).toBeUndefined();
    expect(result.current.apiKey.whoMay).toBe('an Administrator, Super Administrator or Developer');
    unmount();
  });

  it('the default drawer names no object', async () => {
    const context = dashboard().context();
    const {result, unmount} = open(context);
    await ready(result);
    expect(result.current.object).toBeUndefined();
    expect(drawerDescription(context, parseConfig(context.environment.constants))).toBe(
      'Your Example Cloud credentials',
    );
    const payment = dashboard().context({
      viewportID: 'stripe.dashboard.payment.detail',
      objectContext: {id: 'pi_1', object: 'payment_intent'},
    });
    expect(drawerDescription(payment, parseConfig(payment.environment.constants))).toBe(
      'Credentials for this payment (pi_1)',
    );
    unmount();
  });
});
