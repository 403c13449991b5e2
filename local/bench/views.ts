import {createElement, type ComponentType} from 'react';
import {performance} from 'node:perf_hooks';
import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import {createRemoteRoot} from '@remote-ui/core';
import {render} from '@remote-ui/react';
import {startEmulator} from '../emulator';
import {createPlatformHost, installHost} from '../host/platform';
import {loadManifest} from '../manifest/check';
import AppDrawer from '../../src/views/AppDrawer';
import CustomerDrawer from '../../src/views/CustomerDrawer';
import PaymentDrawer from '../../src/views/PaymentDrawer';
import InvoiceDrawer from '../../src/views/InvoiceDrawer';
import SubscriptionDrawer from '../../src/views/SubscriptionDrawer';
import ProductDrawer from '../../src/views/ProductDrawer';
import AppSettings from '../../src/views/AppSettings';

/**
 * Secret Store requests per view, counted through the host contract (the same `stripeApiFetch` the Dashboard
 * serves): on opening, and after two more renders of the same view. Targets from the issues: a drawer opens with at
 * most two requests sent together and no payload; the settings page renders after one round trip (two requests
 * together); re-renders ask for nothing.
 */

const ACCOUNT = 'acct_1KeyringBench';
const USER = 'usr_bench_admin';

const VIEWS: [string, ComponentType<ExtensionContextValue>, string, {id: string; object: string} | null][] = [
  ['AppDrawer', AppDrawer, 'stripe.dashboard.drawer.default', null],
  ['CustomerDrawer', CustomerDrawer, 'stripe.dashboard.customer.detail', {id: 'cus_Bench', object: 'customer'}],
  ['PaymentDrawer', PaymentDrawer, 'stripe.dashboard.payment.detail', {id: 'pi_Bench', object: 'payment_intent'}],
  ['InvoiceDrawer', InvoiceDrawer, 'stripe.dashboard.invoice.detail', {id: 'in_Bench', object: 'invoice'}],
  ['SubscriptionDrawer', SubscriptionDrawer, 'stripe.dashboard.subscription.detail', {id: 'sub_Bench', object: 'subscription'}],
  ['ProductDrawer', ProductDrawer, 'stripe.dashboard.product.detail', {id: 'prod_Bench', object: 'product'}],
  ['AppSettings', AppSettings, 'settings', null],
];

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

export async function benchViews(print: (line: string) => void): Promise<boolean> {
  const manifest = loadManifest(`${process.cwd()}/stripe-app.json`);
  const emulator = await startEmulator({port: 0, memory: true});
  let allMet = true;
  try {
    const sessionToken = await emulator.createDashboardSession({account: ACCOUNT, user: USER, permissions: ['secret_write']});
    print('Secret Store requests per view (counted through the host contract; emulator in memory)');
    for (const [name, View, viewportID, objectContext] of VIEWS) {
      const host = createPlatformHost({emulatorUrl: emulator.url, sessionToken, connectSrc: null});
      const uninstall = installHost(host);
      const context = {
        userContext: {id: USER, email: 'bench@example.com', name: 'Bench Admin', account: {id: ACCOUNT, name: 'Bench Co', country: 'US'}, roles: [{id: 'admin', name: 'Administrator', type: 'builtIn'}], locale: 'en-US'},
        environment: {mode: 'test', viewportID, objectContext, constants: manifest.constants ?? {}},
        appContext: {authorizedPermissions: ['secret_write'], installedPermissions: ['secret_write']},
      } as unknown as ExtensionContextValue;
      // The view renders into a remote root, as in the Dashboard's sandbox; nothing listens on the other side.
      const root = createRemoteRoot(() => undefined);
      const draw = () => new Promise<void>((done) => render(createElement(View, context), root, () => done()));
      const started = performance.now();
      await draw();
      root.mount();
      // Wait until every request the view sent has been answered, and nothing new follows.
      let firstMs = 0;
      for (let quiet = 0; quiet < 5; ) {
        await settle();
        const answered = host.requests.length > 0 && host.requests.every((r) => r.status !== undefined);
        if (answered && quiet === 0) firstMs = performance.now() - started;
        quiet = answered ? quiet + 1 : 0;
      }
      const opening = host.requests.length;
      await draw();
      await draw();
      await settle();
      const afterRerenders = host.requests.length - opening;
      const payloads = host.requests.filter((r) => decodeURIComponent(r.path).includes('payload')).length;
      const ok = opening <= 2 && afterRerenders === 0 && payloads === 0;
      allMet &&= ok;
      print(
        `  ${name.padEnd(18)} opening: ${opening} requests (${host.requests.slice(0, opening).map((r) => r.method).join(' + ')}), all answered within ${firstMs.toFixed(0)} ms (20 ms polling); two re-renders: ${afterRerenders}; payloads fetched: ${payloads} — ${ok ? 'meets target' : 'MISSES TARGET'}`,
      );
      await new Promise<void>((done) => render(null, root, () => done()));
      uninstall();
    }
  } finally {
    await emulator.close();
  }
  return allMet;
}
