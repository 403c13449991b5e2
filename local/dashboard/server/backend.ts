import type {RequestListener} from 'node:http';
import {loadConfig} from '../../../backend/src/config';
import type {RunningEmulator} from '../../emulator';
import {serve} from '../../platform/serve';
import {KEY_CHECK_PATH} from '../../oauth/key-check';
import {CLIENT_ID, OAUTH_PREFIX} from '../../oauth/options';
import type {AppProject} from '../app';

/**
 * Keyring's backend (backend/), run by `npm start` beside the emulator and the provider, configured as a deployment
 * would be but from the local Stripe: the emulator is its Stripe API, the emulator's app signing secrets verify the
 * views' signatures, one webhook endpoint per mode is registered with the emulator (its `whsec_` handed over), and
 * the provider's endpoints are the third party. It runs in this process: it is small, and a busy port or a bad
 * configuration fails the start with everything else.
 *
 * Its port is bound and its configuration checked at start; its code (Hono, stripe-node: a few hundred milliseconds
 * of loading) is loaded by its first request, which the views make only when asked to, so `npm start` does not wait
 * for it. Requests are served as `npm run backend` serves them, less Redis (never configured here).
 */

export interface LocalBackend {
  url: string;
  port: number;
  /** The app signing secrets it verifies with (a local development secret, printed at start). */
  signingSecrets: string[];
  close(): Promise<void>;
}

/** Any well-formed key works with the emulator; one per mode, so both modes' requests and events are served. */
const LOCAL_KEYS = {test: 'sk_test_keyringlocalbackend', live: 'sk_live_keyringlocalbackend'} as const;

export const WEBHOOK_PATH = '/webhooks/stripe';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The third party's URLs: the running local provider's, else what the manifest's `provider` constants name. */
function providerEnv(app: AppProject, providerUrl: string | undefined): Record<string, string | undefined> {
  const constants = isRecord(app.constants) ? app.constants : {};
  const provider = isRecord(constants.provider) ? constants.provider : {};
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const tokenUrl = providerUrl ? `${providerUrl}${OAUTH_PREFIX}/token` : text(provider.tokenUrl);
  let keyCheckUrl: string | undefined;
  try {
    keyCheckUrl = providerUrl ? `${providerUrl}${KEY_CHECK_PATH}` : tokenUrl && new URL(KEY_CHECK_PATH, tokenUrl).href;
  } catch {
    keyCheckUrl = undefined;
  }
  const roles = Array.isArray(constants.manageRoles)
    ? constants.manageRoles.filter((r): r is string => typeof r === 'string')
    : [];
  return {
    KEYRING_PROVIDER_TOKEN_URL: tokenUrl,
    KEYRING_PROVIDER_USERINFO_URL: providerUrl ? `${providerUrl}${OAUTH_PREFIX}/userinfo` : text(provider.userinfoUrl),
    KEYRING_PROVIDER_KEY_CHECK_URL: keyCheckUrl,
    KEYRING_PROVIDER_CLIENT_ID: text(provider.clientId) ?? CLIENT_ID,
    ...(roles.length ? {KEYRING_MANAGE_ROLES: roles.join(',')} : {}),
  };
}

export async function startLocalBackend(options: {
  port: number;
  app: AppProject;
  emulator: RunningEmulator;
  providerUrl?: string;
  log: (line: string) => void;
}): Promise<LocalBackend> {
  const {emulator} = options;
  let served;
  try {
    served = await serve({port: options.port});
  } catch (err) {
    throw new Error(
      `Keyring backend: ${err instanceof Error ? err.message.replace('--port', '--backend-port') : String(err)}`,
    );
  }
  const url = served.url;
  const endpoints = {
    test: emulator.createWebhookEndpoint({url: `${url}${WEBHOOK_PATH}`, livemode: false}),
    live: emulator.createWebhookEndpoint({url: `${url}${WEBHOOK_PATH}`, livemode: true}),
  };
  const signingSecrets = emulator.signingSecrets();
  const env = {
    STRIPE_SECRET_KEY: LOCAL_KEYS.test,
    STRIPE_SECRET_KEY_LIVE: LOCAL_KEYS.live,
    STRIPE_API_BASE: emulator.url,
    KEYRING_SIGNING_SECRETS: signingSecrets.join(','),
    STRIPE_WEBHOOK_SECRET_TEST: endpoints.test.secret,
    STRIPE_WEBHOOK_SECRET_LIVE: endpoints.live.secret,
    ...providerEnv(options.app, options.providerUrl),
  };
  let config;
  try {
    config = loadConfig(env, {port: served.port});
  } catch (err) {
    await served.close();
    throw new Error(`Keyring backend: ${err instanceof Error ? err.message : String(err)}`);
  }
  const log = (line: string) => options.log(`backend: ${line}`);
  let listener: Promise<RequestListener> | undefined;
  const load = () =>
    (listener ??= Promise.resolve().then(() => {
      // require, not import(): under `node --require tsx/cjs` (no ES module loader for TypeScript) import() cannot load
      // it.
      /* eslint-disable @typescript-eslint/no-require-imports */
      const {createBackend} = require('../../../backend/src/app') as typeof import('../../../backend/src/app');
      const {getRequestListener} = require('@hono/node-server') as typeof import('@hono/node-server');
      /* eslint-enable @typescript-eslint/no-require-imports */
      return getRequestListener(createBackend(config, {log}).fetch);
    }));
  served.handle((req, res) => {
    load().then(
      (handle) => handle(req, res),
      (err: unknown) => {
        log(`could not load: ${err instanceof Error ? err.message : String(err)}`);
        res.writeHead(500, {'Content-Type': 'text/plain; charset=utf-8'}).end('The backend could not load.');
      },
    );
  });
  return {url, port: served.port, signingSecrets, close: () => served.close()};
}
