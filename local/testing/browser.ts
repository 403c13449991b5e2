import {mkdirSync} from 'node:fs';
import {join, resolve} from 'node:path';
import Stripe from 'stripe';
import {chromium, type Browser, type Page} from 'playwright-core';
import {startDashboard, type DashboardOptions, type RunningDashboard} from '../dashboard';
import {locationHref} from '../dashboard/navigation';
import {ACCOUNT, type Mode} from '../platform/fixtures';

/**
 * The local Dashboard in-process (memory store, free ports) and Debian's Chromium through playwright-core, with every
 * console line kept so tests can prove no payload reaches it.
 */
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const ROOT = resolve(__dirname, '..', '..');
export const FIXTURES = join(__dirname, '..', 'test', 'e2e', 'fixtures');

/** Set by browser-server.ts (the browser tests' globalSetup): the run's one Chromium. */
export const BROWSER_ENDPOINT = 'KEYRING_BROWSER_WS_ENDPOINT';

/**
 * Chromium for one test file or bench: the run's shared browser when there is one (closing it then disconnects and
 * drops this file's contexts), else a Chromium of its own.
 */
export function launchBrowser(): Promise<Browser> {
  const endpoint = process.env[BROWSER_ENDPOINT];
  if (endpoint) return chromium.connect(endpoint);
  return chromium.launch({executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true});
}

export interface Session {
  dashboard: RunningDashboard;
  browser: Browser;
  page: Page;
  /** Every console message and page error, in order. */
  consoleLines: string[];
  /** A backend client on the emulator (secret key): reads what the views stored, payload included. */
  backend: Stripe;
  open(location: {page?: string; user?: string; mode?: Mode}): Promise<void>;
  close(): Promise<void>;
}

export async function openSession(options: DashboardOptions = {}): Promise<Session> {
  const dashboard = await startDashboard({port: 0, memory: true, providerPort: false, watch: false, ...options});
  const browser = await launchBrowser().catch(async (err: unknown) => {
    await dashboard.close();
    throw err;
  });
  const context = await browser.newContext({viewport: {width: 1280, height: 860}});
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const consoleLines: string[] = [];
  page.on('console', (message) => consoleLines.push(message.text()));
  page.on('pageerror', (error) => consoleLines.push(`pageerror: ${error.message}`));
  const backend = new Stripe('sk_test_e2ebackend', {
    host: '127.0.0.1',
    port: dashboard.emulator.port,
    protocol: 'http',
    maxNetworkRetries: 0,
    stripeAccount: ACCOUNT.id,
  });
  return {
    dashboard,
    browser,
    page,
    consoleLines,
    backend,
    async open(location) {
      await page.goto(
        dashboard.url +
          locationHref({
            page: location.page ?? 'home',
            user: location.user ?? 'usr_ada',
            mode: location.mode ?? 'test',
          }),
      );
    },
    async close() {
      await browser.close().catch(() => undefined);
      await dashboard.close();
    },
  };
}

/** The drawer or the settings card: where the app's view is rendered. */
export function view(page: Page) {
  return page.locator('[data-view]');
}

/** Fails when any of `payloads` is in the page's text or any console line so far. */
export async function expectNoPayload(session: Session, payloads: string[]): Promise<void> {
  const text = await session.page.evaluate(() => document.body.innerText);
  for (const payload of payloads.filter((p) => p.length > 0)) {
    expect(text.includes(payload)).toBe(false);
    expect(session.consoleLines.some((line) => line.includes(payload))).toBe(false);
  }
}

/**
 * A screenshot into E2E_SCREENSHOTS_DIR, which `npm run e2e` sets (docs/screenshots with `--update-screenshots`, the
 * README's pictures); without it, as in `npm test`, none is taken.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.E2E_SCREENSHOTS_DIR;
  if (!dir) return;
  mkdirSync(dir, {recursive: true});
  // Fonts and spinners settle; the caret is hidden so images are stable.
  await page.addStyleTag({content: '*{caret-color:transparent !important}'}).catch(() => undefined);
  await page.screenshot({path: join(dir, `${name}.png`)});
}

/** A valid Example Cloud API key for the Keyring manifest's format. */
export const SAMPLE_KEY = 'ec_test_4f9K2mQ7xT1pL8vR3nB6yW5z';
