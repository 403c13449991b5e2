import {chromium, type BrowserServer} from 'playwright-core';
import {CHROMIUM, CHROMIUM_ARGS, BROWSER_ENDPOINT} from './chromium';

/**
 * Jest's globalSetup for the browser tests: one Chromium for the whole run, which each test file connects to (its own
 * contexts, so nothing is shared between files but the process). Starting Chromium per file cost two seconds of CPU
 * each. The endpoint reaches the workers through the environment; a run of both browser projects starts it once.
 */
const owner = globalThis as {keyringBrowserServer?: BrowserServer};

/**
 * The tests' Chromium runs without site isolation: every page open then costs about 0.7 s of CPU instead of 1.1 s
 * (the Dashboard's page and its views' frame are two sites, so each open started a second renderer process), and the
 * browser tests are most of `npm test`'s CPU. What they check is unchanged: the same-origin policy, CSP and message
 * origins that keep a view away from the page are enforced by Blink in every renderer; site isolation adds a process
 * boundary against a compromised renderer or a side channel, which no test attempts. The bench's Chromium
 * (`launchBrowser`) keeps it, as a developer's browser does.
 */
export const TEST_CHROMIUM_ARGS = [...CHROMIUM_ARGS, '--disable-site-isolation-trials'];

export default async function startBrowserServer(): Promise<void> {
  if (process.env[BROWSER_ENDPOINT]) return;
  const server = await chromium.launchServer({executablePath: CHROMIUM, args: TEST_CHROMIUM_ARGS, headless: true});
  owner.keyringBrowserServer = server;
  process.env[BROWSER_ENDPOINT] = server.wsEndpoint();
}

/** globalTeardown: the run's Chromium stops with the run. */
export async function stopBrowserServer(): Promise<void> {
  const server = owner.keyringBrowserServer;
  owner.keyringBrowserServer = undefined;
  if (!server) return;
  delete process.env[BROWSER_ENDPOINT];
  await server.close();
}
