import {mkdirSync} from 'node:fs';
import {join, resolve} from 'node:path';
import Stripe from 'stripe';
import type {Browser, ConsoleMessage, Page} from 'playwright-core';
import {startDashboard, type DashboardOptions, type RunningDashboard} from '../dashboard';
import {locationHref} from '../dashboard/navigation';
import {ACCOUNT, type Mode} from '../platform/fixtures';
import {launchBrowser, SHARED_TAB, VIEWPORT, type SharedTab} from './chromium';

/**
 * The local Dashboard in-process (memory store, free ports) and Debian's Chromium through playwright-core, with every
 * console line kept so tests can prove no payload reaches it.
 */
export {CHROMIUM, CHROMIUM_ARGS, BROWSER_ENDPOINT, launchBrowser} from './chromium';
export const ROOT = resolve(__dirname, '..', '..');
export const FIXTURES = join(__dirname, '..', 'test', 'e2e', 'fixtures');

export interface Session {
  dashboard: RunningDashboard;
  browser: Browser;
  page: Page;
  /** Every console message and page error, in order. */
  consoleLines: string[];
  /**
   * What DevTools shows by default, as `type: text` lines: the same messages but Chromium's verbose hints ("[DOM]
   * Password field is not contained in a form"), and page errors.
   */
  consoleShown: string[];
  /** A backend client on the emulator (secret key): reads what the views stored, payload included. */
  backend: Stripe;
  open(location: {page?: string; user?: string; mode?: Mode}): Promise<void>;
  close(): Promise<void>;
}

/**
 * The tab a session drives: the worker's shared one in the browser tests' Jest environment (browser-environment.ts,
 * which makes it blank again after each file), else a browser of its own, closed with the session.
 */
async function sessionTab(): Promise<SharedTab & {owned: boolean}> {
  const shared = (globalThis as {[SHARED_TAB]?: () => Promise<SharedTab>})[SHARED_TAB];
  if (shared) return {...(await shared()), owned: false};
  const browser = await launchBrowser();
  const context = await browser.newContext({viewport: VIEWPORT});
  return {browser, context, page: await context.newPage(), owned: true};
}

export async function openSession(options: DashboardOptions = {}): Promise<Session> {
  const dashboard = await startDashboard({port: 0, memory: true, providerPort: false, watch: false, ...options});
  const {browser, page, owned} = await sessionTab().catch(async (err: unknown) => {
    await dashboard.close();
    throw err;
  });
  page.setDefaultTimeout(10_000);
  const consoleLines: string[] = [];
  const consoleShown: string[] = [];
  const onConsole = (message: ConsoleMessage) => {
    consoleLines.push(message.text());
    // Chromium's hints come as `verbose`, a type Playwright's declarations leave out.
    if ((message.type() as string) !== 'verbose') consoleShown.push(`${message.type()}: ${message.text()}`);
  };
  const onPageError = (error: Error) => {
    consoleLines.push(`pageerror: ${error.message}`);
    consoleShown.push(`pageerror: ${error.message}`);
  };
  page.on('console', onConsole);
  page.on('pageerror', onPageError);
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
    consoleShown,
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
      if (owned) await browser.close().catch(() => undefined);
      else {
        page.off('console', onConsole);
        page.off('pageerror', onPageError);
        // Off the Dashboard before it stops, so the shared tab is not left retrying a closed server.
        await page.goto('about:blank').catch(() => undefined);
      }
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
