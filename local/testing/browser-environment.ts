import {launchBrowser, SHARED_TAB, VIEWPORT, type SharedTab} from './chromium';
import NodeEnvironment from './node-environment';

/**
 * The browser tests' Jest environment: the workspace's (node-environment.ts), plus one Chromium tab per Jest worker
 * that every test file run by that worker reuses (`openSession` takes it; browser.ts). A tab of its own per file cost
 * about 1.8 s of Chromium's CPU more than a navigation of the same tab, most of it starting and ending a renderer
 * process; the page, its views' worker and the Dashboard it shows are still new for each file (every file starts its
 * own Dashboard, on ports of its own). Jest loads an environment's module once per worker, so the tab lives here,
 * outside the test files' sandboxes; when a file ends, the tab is made blank again: other contexts and tabs closed,
 * listeners removed, cookies cleared. A tab that cannot be made blank is closed, and the next file opens a new one.
 */
let shared: Promise<SharedTab> | undefined;

async function openTab(): Promise<SharedTab> {
  const browser = await launchBrowser();
  const context = await browser.newContext({viewport: VIEWPORT});
  const page = await context.newPage();
  return {browser, context, page};
}

function sharedTab(): Promise<SharedTab> {
  shared ??= openTab().catch((error: unknown) => {
    shared = undefined;
    throw error;
  });
  return shared;
}

/**
 * Leaves the tab as a new one: the only page of the only context (a file's own contexts and tabs are closed), on
 * about:blank, with no listener, cookie or permission.
 */
export async function blank(tab: SharedTab): Promise<void> {
  for (const context of tab.browser.contexts()) if (context !== tab.context) await context.close();
  for (const page of tab.context.pages()) if (page !== tab.page) await page.close();
  tab.page.removeAllListeners();
  tab.context.removeAllListeners();
  await tab.page.goto('about:blank', {timeout: 10_000});
  await tab.context.clearCookies();
  await tab.context.clearPermissions();
  tab.page.setDefaultTimeout(30_000);
}

/**
 * A worker that has run its last file must be able to exit, and the tab's connection would keep it alive (Jest
 * force-kills it half a second after asking it to stop, with a warning). So a tab no file has used for a second is
 * closed: the browser files come one after another (Jest starts the slowest files first, and these are among them),
 * each within that second of the last, and the tab is closed long before the run asks its workers to stop.
 */
const IDLE_CLOSE_MS = 1000;
let idleTimer: NodeJS.Timeout | undefined;

async function closeTab(): Promise<void> {
  const closing = shared;
  shared = undefined;
  const tab = await closing?.catch(() => undefined);
  await tab?.browser.close().catch(() => undefined);
}

function closeWhenUnused(): void {
  idleTimer = setTimeout(() => void closeTab(), IDLE_CLOSE_MS);
  idleTimer.unref();
}

/**
 * The end of the run comes sooner when the worker's last file was a browser test (a run without Jest's timings orders
 * files by size): Jest then asks the worker to stop within that second. Its request is jest-worker's end message, an
 * array starting with CHILD_MESSAGE_END (2; jest-worker 29 does not export its message types): the tab is closed at
 * once then, and the worker exits as asked instead of being killed with a warning.
 */
const CHILD_MESSAGE_END = 2;
const onMessage = (message: unknown) => {
  if (!Array.isArray(message) || message[0] !== CHILD_MESSAGE_END) return;
  // A listener keeps the channel to Jest open: it goes with the tab.
  process.off('message', onMessage);
  clearTimeout(idleTimer);
  void closeTab();
};
process.on('message', onMessage);

export default class BrowserEnvironment extends NodeEnvironment {
  async setup(): Promise<void> {
    clearTimeout(idleTimer);
    await super.setup();
    this.global[SHARED_TAB] = sharedTab;
  }

  async teardown(): Promise<void> {
    const tab = shared && (await shared.catch(() => undefined));
    if (tab) {
      try {
        if (!tab.browser.isConnected()) throw new Error('disconnected');
        await blank(tab);
      } catch {
        await closeTab();
      }
    }
    closeWhenUnused();
    await super.teardown();
  }
}
