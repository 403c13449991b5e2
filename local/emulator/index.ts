import {resolve} from 'node:path';
import {DEFAULT_ACCOUNT, SessionRegistry} from './auth';
import {ApiError} from './errors';
import {FaultQueue, type FaultSpec} from './faults';
import {IdempotencyCache} from './idempotency';
import {memoryStorage, openDurableStorage} from './durable';
import {createRequestHandler, refusedByNode} from './server';
import {SecretStore} from './store';
import {SigningSecrets} from './signing';
import {Webhooks, type DeliveryAttempt, type WebhookOptions} from './webhooks';
import {serve, type Served} from '../platform/serve';

/**
 * The local Secret Store emulator: Stripe's `/v1/apps/secrets` endpoints on 127.0.0.1, for tests and the local
 * Dashboard. What it emulates, and what it does not, is in the README ("The local Secret Store emulator").
 */

export {DEFAULT_ACCOUNT};
export {DataDirError} from './durable';
export {readSigningSecrets, signatureHeader} from './signing';
export {TRIGGERS, type TriggerType} from './webhook-routes';
export type {DeliveryAttempt, StripeEvent, WebhookEndpoint, WebhookOptions} from './webhooks';
export type {FaultSpec};

/** Where durable data lives unless told otherwise, relative to the working directory (git-ignored). */
export const DEFAULT_DATA_DIR = '.local-data/secret-store';

export interface EmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Durable storage directory; default `.local-data/secret-store`. Ignored with `memory: true`. */
  dataDir?: string;
  /** Keep everything in memory only. */
  memory?: boolean;
  /** The clock, in milliseconds since the epoch; tests pass their own to control expiry. */
  now?: () => number;
  /** Called with one line per request (never a payload). Off by default. */
  log?: (line: string) => void;
  /** Warnings (a torn journal line dropped, a storage error). Default: console.warn. */
  warn?: (line: string) => void;
  /** Webhook delivery: the retry schedule, the attempt timeout, the app the install events name. */
  webhooks?: WebhookOptions;
  /** Durable mode: compact once the journal holds this many lines and more than twice the live set (default 1000). */
  compactAfterLines?: number;
}

export interface DashboardSessionOptions {
  account: string;
  user: string;
  /** Default false (test mode). */
  livemode?: boolean;
  /** Default `['secret_write']`. */
  permissions?: string[];
  /**
   * The user's Dashboard role ids (default none): a signature request naming another role in `stripe_roles` is refused.
   */
  roles?: string[];
}

export interface RunningEmulator {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** Where data lives: a directory, or `memory`. */
  storage: string;
  close(): Promise<void>;
  /** A Dashboard session token (`dsess_test_…`), bound to one account and user, used as a bearer key. */
  createDashboardSession(options: DashboardSessionOptions): Promise<string>;
  injectFault(fault: FaultSpec): void;
  clearFaults(): void;
  /**
   * The app's signing secrets that sign now (`absec_…`), current first: what a backend verifies view signatures with.
   */
  signingSecrets(): string[];
  /**
   * "Expire secret": a new current secret, the previous one still signing for 24 hours (two `v1=`). Returns
   * signingSecrets().
   */
  rotateSigningSecret(): Promise<string[]>;
  /**
   * A webhook endpoint, as `POST /v1/webhook_endpoints` makes one (connect: events on connected accounts); returns its
   * id and `whsec_…` secret — what `npm start` hands a backend.
   */
  createWebhookEndpoint(options: {url: string; livemode?: boolean; enabledEvents?: string[]}): {
    id: string;
    secret: string;
  };
  /**
   * Points an endpoint at another URL, its secret unchanged (a backend given the secret at start, then on a free port).
   */
  setWebhookEndpointUrl(id: string, url: string): void;
  /** Every delivery attempt so far (no bodies), and a wait for one that matches. */
  deliveries(): readonly DeliveryAttempt[];
  waitForDeliveries(check: (attempts: readonly DeliveryAttempt[]) => boolean): Promise<void>;
}

/** Errors from the programmatic API are plain Errors with the message the HTTP API would give. */
function plain<T>(run: () => T): T {
  try {
    return run();
  } catch (err) {
    throw err instanceof ApiError ? new Error(err.message) : err;
  }
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const now = options.now ?? Date.now;
  const warn = options.warn ?? ((line: string) => console.warn(line));
  const storage = options.memory
    ? memoryStorage()
    : await openDurableStorage(resolve(options.dataDir ?? DEFAULT_DATA_DIR), {
        compactAfterLines: options.compactAfterLines,
        warn,
      });
  const store = new SecretStore(storage, () => Math.floor(now() / 1000));
  let signing: SigningSecrets;
  try {
    // After the storage took the directory's lock: one emulator writes the secrets file.
    signing = options.memory
      ? SigningSecrets.inMemory(now)
      : await SigningSecrets.open(resolve(options.dataDir ?? DEFAULT_DATA_DIR), now);
  } catch (err) {
    await store.close();
    throw err;
  }
  const sessions = new SessionRegistry();
  const faults = new FaultQueue();
  const webhooks = new Webhooks(now, warn, options.webhooks);
  const handler = createRequestHandler({
    store,
    sessions,
    faults,
    signing,
    webhooks,
    idempotency: new IdempotencyCache(),
    now,
    log: options.log,
    warn,
  });
  let served: Served;
  try {
    // Requests still running when it closes get a moment to finish; then their connections are cut.
    served = await serve({port: options.port ?? 0, graceMs: 1000, rawClientError: refusedByNode}, handler);
  } catch (err) {
    webhooks.close();
    await store.close();
    throw err;
  }

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      webhooks.close();
      await served.close();
      await store.close();
    })();
    return closing;
  };

  return {
    url: served.url,
    port: served.port,
    storage: storage.label,
    close,
    createDashboardSession: async (session) =>
      plain(
        () =>
          sessions.create({
            account: session.account,
            user: session.user,
            livemode: session.livemode ?? false,
            permissions: session.permissions,
            roles: session.roles,
          }).id,
      ),
    injectFault: (fault) => plain(() => faults.inject(fault)),
    clearFaults: () => {
      faults.clear();
    },
    signingSecrets: () => signing.current(),
    rotateSigningSecret: () => signing.rotate(),
    createWebhookEndpoint: ({url, livemode = false, enabledEvents = ['*']}) => {
      const endpoint = webhooks.create({url, livemode, enabledEvents, connect: true, description: 'local'});
      return {id: endpoint.id, secret: endpoint.secret};
    },
    setWebhookEndpointUrl: (id, url) => {
      if (!webhooks.update(id, false, {url}) && !webhooks.update(id, true, {url}))
        throw new Error(`No such webhook endpoint: '${id}'`);
    },
    deliveries: () => webhooks.attempts,
    waitForDeliveries: (check) => webhooks.waitFor(check),
  };
}
