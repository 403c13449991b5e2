import Stripe from 'stripe';
import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import {getMockContextProps} from '@stripe/ui-extension-sdk/testing';
import {startEmulator, type RunningEmulator} from '../../local/emulator';
import {createPlatformHost, installHost, type PlatformHost} from '../../local/platform/host';
import manifest from '../../stripe-app.json';

/**
 * A local Dashboard for Jest: a real Secret Store emulator over HTTP, and the platform host installed where the SDK
 * looks for it. `signIn` switches the Dashboard user (a new Dashboard session) without losing the store.
 */
export interface DashboardUser {
  id: string;
  name: string;
  roles: string[];
}

export const ADA: DashboardUser = {id: 'usr_ada', name: 'Ada Admin', roles: ['admin']};
export const VIC: DashboardUser = {id: 'usr_vic', name: 'Vic Viewer', roles: ['view_only']};

export const ACCOUNT = 'acct_1KeyringTest';
export const BACKEND_KEY = 'sk_test_keyringbackend';

export interface TestDashboard {
  emulator: RunningEmulator;
  host: PlatformHost;
  /** The app's backend, with a secret key: for seeding and inspecting the store. */
  backend: Stripe;
  user: DashboardUser;
  /** The context props the Dashboard would give a view for the current user. */
  context(overrides?: {viewportID?: string; objectContext?: {id: string; object: string} | null}): ExtensionContextValue;
  signIn(user: DashboardUser, options?: {permissions?: string[]}): Promise<void>;
  close(): Promise<void>;
}

export function backendClient(emulator: RunningEmulator, key = BACKEND_KEY): Stripe {
  return new Stripe(key, {host: '127.0.0.1', port: emulator.port, protocol: 'http', maxNetworkRetries: 0, stripeAccount: ACCOUNT});
}

export async function startTestDashboard(options: {user?: DashboardUser; now?: () => number} = {}): Promise<TestDashboard> {
  const emulator = await startEmulator({port: 0, memory: true, now: options.now});
  let uninstall: () => void = () => undefined;
  const dashboard: TestDashboard = {
    emulator,
    host: undefined as unknown as PlatformHost,
    backend: backendClient(emulator),
    user: options.user ?? ADA,
    context(overrides = {}) {
      const props = getMockContextProps({
        userContext: {
          id: dashboard.user.id,
          name: dashboard.user.name,
          account: {id: ACCOUNT, name: 'Keyring Test Co'},
          roles: dashboard.user.roles.map((id) => ({id, name: id, type: 'builtIn' as const})),
        },
        environment: {
          mode: 'test',
          viewportID: overrides.viewportID ?? 'stripe.dashboard.drawer.default',
          objectContext: overrides.objectContext ?? null,
          constants: manifest.constants,
        },
      });
      // getMockContextProps fills in a sample object when given none; the default drawer has no object.
      props.environment.objectContext = overrides.objectContext ?? undefined;
      return props;
    },
    async signIn(user, signInOptions = {}) {
      const permissions = signInOptions.permissions ?? ['secret_write'];
      const sessionToken = await dashboard.emulator.createDashboardSession({account: ACCOUNT, user: user.id, permissions});
      uninstall();
      dashboard.user = user;
      dashboard.host = createPlatformHost({
        emulatorUrl: dashboard.emulator.url,
        sessionToken,
        permissions,
        connectSrc: manifest.ui_extension.content_security_policy['connect-src'],
      });
      uninstall = installHost(dashboard.host);
    },
    async close() {
      uninstall();
      // A test may have swapped the emulator (to restart it): close whichever is current.
      await dashboard.emulator.close();
    },
  };
  await dashboard.signIn(dashboard.user);
  return dashboard;
}
