import {createElement, type ComponentType} from 'react';
import {performance} from 'node:perf_hooks';
import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import {createRemoteRoot} from '@remote-ui/core';
import {render} from '@remote-ui/react';
import {startEmulator} from '../../local/emulator';
import {dashboardContext} from '../../local/platform/context';
import {ACCOUNT, ADA, sampleObjectContext, type ObjectContext} from '../../local/platform/fixtures';
import {createPlatformHost, installHost, type PlatformHost} from '../../local/platform/host';
import {loadManifest} from '../../local/manifest/check';
import {KEYRING_VIEWS} from '../../local/manifest/keyring';
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

type View = ComponentType<ExtensionContextValue>;

/** The view modules, by the component names stripe-app.json gives them. */
const COMPONENTS: Record<string, View> = {
  AppDrawer,
  CustomerDrawer,
  PaymentDrawer,
  InvoiceDrawer,
  SubscriptionDrawer,
  ProductDrawer,
  AppSettings,
};

/** Every view of Keyring's manifest with the viewport it serves and the sample object that viewport opens on. */
export const BENCH_VIEWS: [string, View, string, ObjectContext | null][] = KEYRING_VIEWS.map(
  ({component, viewport}) => {
    const View = COMPONENTS[component];
    if (!View)
      throw new Error(
        `stripe-app.json names the view ${component}, which the bench does not import (local/bench/views.ts)`,
      );
    return [component, View, viewport, sampleObjectContext(viewport)];
  },
);

/** What the Dashboard gives a view: its administrator, in test mode, with the app's permission. */
export function benchContext(
  viewportID: string,
  objectContext: ObjectContext | null,
  constants: unknown,
): ExtensionContextValue {
  return dashboardContext({user: ADA, viewportID, objectContext, constants, permissions: ['secret_write']});
}

export const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

export interface ViewOpening {
  /** Requests the view sent while opening, and how long until all were answered (20 ms polling). */
  opening: number;
  firstMs: number;
  /** Requests two more renders of the same view sent. */
  rerenders: number;
  /** Requests that asked for a payload. */
  payloads: number;
}

/**
 * Renders a view into a remote root, as in the Dashboard's sandbox (nothing listens on the other side), waits until
 * every request it sent is answered and nothing new follows, renders it twice more, and counts through the host.
 */
export async function openView(
  View: ComponentType<ExtensionContextValue>,
  context: ExtensionContextValue,
  host: PlatformHost,
): Promise<ViewOpening> {
  const from = host.requests.length;
  const mine = () => host.requests.slice(from);
  const root = createRemoteRoot(() => undefined);
  const draw = () => new Promise<void>((done) => render(createElement(View, context), root, () => done()));
  const started = performance.now();
  await draw();
  root.mount();
  let firstMs = 0;
  for (let quiet = 0; quiet < 5; ) {
    await settle();
    const answered = mine().length > 0 && mine().every((r) => r.status !== undefined);
    if (answered && quiet === 0) firstMs = performance.now() - started;
    quiet = answered ? quiet + 1 : 0;
  }
  const opening = mine().length;
  await draw();
  await draw();
  await settle();
  await new Promise<void>((done) => render(null, root, () => done()));
  return {
    opening,
    firstMs,
    rerenders: mine().length - opening,
    payloads: mine().filter((r) => decodeURIComponent(r.path).includes('payload')).length,
  };
}

export async function benchViews(print: (line: string) => void): Promise<boolean> {
  const manifest = loadManifest(`${process.cwd()}/stripe-app.json`);
  const emulator = await startEmulator({port: 0, memory: true});
  let allMet = true;
  try {
    const sessionToken = await emulator.createDashboardSession({
      account: ACCOUNT.id,
      user: ADA.id,
      permissions: ['secret_write'],
    });
    print('Secret Store requests per view (counted through the host contract; emulator in memory)');
    for (const [name, View, viewportID, objectContext] of BENCH_VIEWS) {
      const host = createPlatformHost({emulatorUrl: emulator.url, sessionToken, connectSrc: null});
      const uninstall = installHost(host);
      const context = benchContext(viewportID, objectContext, manifest.constants ?? {});
      const {opening, firstMs, rerenders, payloads} = await openView(View, context, host);
      const ok = opening <= 2 && rerenders === 0 && payloads === 0;
      allMet &&= ok;
      print(
        `  ${name.padEnd(18)} opening: ${opening} requests (${host.requests.map((r) => r.method).join(' + ')}), all answered within ${firstMs.toFixed(0)} ms (20 ms polling); two re-renders: ${rerenders}; payloads fetched: ${payloads} — ${ok ? 'meets target' : 'MISSES TARGET'}`,
      );
      uninstall();
    }
  } finally {
    await emulator.close();
  }
  return allMet;
}
