import type {Browser, BrowserContext, Page} from 'playwright-core';

/** Debian's Chromium, driven through playwright-core (never a downloaded browser). */
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

/** Set by browser-server.ts (the browser tests' globalSetup): the run's one Chromium. */
export const BROWSER_ENDPOINT = 'KEYRING_BROWSER_WS_ENDPOINT';

/** The window every test page has. */
export const VIEWPORT = {width: 1280, height: 860};

/**
 * Chromium for one test file or bench: the run's shared browser when there is one (closing it then disconnects and
 * drops this file's contexts), else a Chromium of its own.
 */
export async function launchBrowser(): Promise<Browser> {
  // Loaded here, not at the top: requiring playwright-core takes 0.45 s of CPU, and Jest would pay it again in every
  // browser test file, which only drives the tab its environment hands over (browser-environment.ts).
  const {chromium} = await import('playwright-core');
  const endpoint = process.env[BROWSER_ENDPOINT];
  if (endpoint) return chromium.connect(endpoint);
  return chromium.launch({executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true});
}

/** A browser tab that outlives one test file: see browser-environment.ts. */
export interface SharedTab {
  browser: Browser;
  context: BrowserContext;
  page: Page;
}

/** The name under which browser-environment.ts gives each test file its worker's tab: a function that opens it once. */
export const SHARED_TAB = '__keyringSharedTab';
