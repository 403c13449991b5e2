import {chromium, type BrowserServer} from 'playwright-core';
import {CHROMIUM, CHROMIUM_ARGS, BROWSER_ENDPOINT} from './browser';

/**
 * Jest's globalSetup for the browser tests: one Chromium for the whole run, which each test file connects to (its own
 * contexts, so nothing is shared between files but the process). Starting Chromium per file cost two seconds of CPU
 * each. The endpoint reaches the workers through the environment; a run of both browser projects starts it once.
 */
const owner = globalThis as {keyringBrowserServer?: BrowserServer};

export default async function startBrowserServer(): Promise<void> {
  if (process.env[BROWSER_ENDPOINT]) return;
  const server = await chromium.launchServer({executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true});
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
