import Stripe from 'stripe';
import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import {startEmulator, type RunningEmulator} from '../../local/emulator';
import {dashboardContext, type ContextOptions} from '../../local/platform/context';
import {
  ACCOUNT as FIXTURE_ACCOUNT,
  ADA,
  DEFAULT_VIEWPORT,
  VIC,
  type DashboardUser,
} from '../../local/platform/fixtures';
import {createPlatformHost, installHost, type PlatformHost} from '../../local/platform/host';
import manifest from '../../stripe-app.json';

/**
 * A local Dashboard for Jest: a real Secret Store emulator over HTTP, and the platform host installed where the SDK
 * looks for it. `signIn` switches the Dashboard user (a new Dashboard session) without losing the store. Users,
 * account and context are the fake Dashboard's own (local/platform).
 */
export {ADA, VIC, type DashboardUser};

export const ACCOUNT = FIXTURE_ACCOUNT.id;
export const BACKEND_KEY = 'sk_test_keyringbackend';

export interface TestDashboard {
  emulator: RunningEmulator;
  host: PlatformHost;
  /** The app's backend, with a secret key: for seeding and inspecting the store. */
  backend: Stripe;
  user: DashboardUser;
  /**
   * The context props the Dashboard would give a view for the current user (default drawer, test mode, the manifest's
   * constants).
   */
  context(
    overrides?: Partial<Pick<ContextOptions, 'viewportID' | 'objectContext' | 'mode' | 'constants'>>,
  ): ExtensionContextValue;
  signIn(user: DashboardUser, options?: {permissions?: string[]}): Promise<void>;
  close(): Promise<void>;
}

export function backendClient(emulator: RunningEmulator, key = BACKEND_KEY): Stripe {
  return new Stripe(key, {
    host: '127.0.0.1',
    port: emulator.port,
    protocol: 'http',
    maxNetworkRetries: 0,
    stripeAccount: ACCOUNT,
  });
}

export async function startTestDashboard(
  options: {user?: DashboardUser; now?: () => number} = {},
): Promise<TestDashboard> {
  const emulator = await startEmulator({port: 0, memory: true, now: options.now});
  let uninstall: () => void = () => undefined;
  let permissions: string[] = [];
  const dashboard: TestDashboard = {
    emulator,
    host: undefined as unknown as PlatformHost,
    backend: backendClient(emulator),
    user: options.user ?? ADA,
    context(overrides = {}) {
      return dashboardContext({
        user: dashboard.user,
        viewportID: overrides.viewportID ?? DEFAULT_VIEWPORT,
        objectContext: overrides.objectContext,
        mode: overrides.mode,
        constants: overrides.constants ?? manifest.constants,
        permissions,
        connectSrc: manifest.ui_extension.content_security_policy['connect-src'],
      });
    },
    async signIn(user, signInOptions = {}) {
      permissions = signInOptions.permissions ?? ['secret_write'];
      const sessionToken = await dashboard.emulator.createDashboardSession({
        account: ACCOUNT,
        user: user.id,
        permissions,
        roles: user.roles,
      });
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
