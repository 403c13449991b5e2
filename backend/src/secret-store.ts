import Stripe from 'stripe';
import type {BackendConfig} from './config';
import type {Mode, SecretScope} from './app-seam';

/**
 * The Secret Store as a backend reaches it: the platform's key for the signed mode, and `Stripe-Account` naming the
 * installing account on every call — without it a secret would be read from (or written to) the platform's own
 * account. A 429 (Stripe's rate limit, far lower in test mode) is retried with exponential backoff and jitter; network
 * errors and 5xx are retried by stripe-node itself.
 */

export interface StoredSecret {
  id: string;
  name: string;
  created: number;
}

export interface SecretStore {
  /** The payload, or undefined when there is no such secret. */
  find(mode: Mode, account: string, scope: SecretScope, name: string): Promise<string | undefined>;
  save(
    mode: Mode,
    account: string,
    scope: SecretScope,
    name: string,
    payload: string,
    expiresAt?: number,
  ): Promise<void>;
  remove(mode: Mode, account: string, scope: SecretScope, name: string): Promise<void>;
  list(mode: Mode, account: string, scope: SecretScope): Promise<StoredSecret[]>;
}

/** A mode the backend has no Stripe key for: the request is refused before anything is read. */
export class ModeNotConfigured extends Error {
  constructor(readonly mode: Mode) {
    super(`No Stripe key is configured for ${mode} mode.`);
  }
}

export interface BackoffOptions {
  /** Attempts in all, the first included (default 5). */
  attempts?: number;
  /** The first wait; each later one doubles (default 250 ms), with up to half again of jitter. */
  baseMs?: number;
}

export async function withBackoff<T>(run: () => Promise<T>, options: BackoffOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 5;
  const base = options.baseMs ?? 250;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run();
    } catch (err) {
      const limited = err instanceof Stripe.errors.StripeError && err.statusCode === 429;
      if (!limited || attempt >= attempts) throw err;
      const wait = base * 2 ** (attempt - 1);
      await new Promise((resolve) => setTimeout(resolve, wait + Math.random() * wait * 0.5));
    }
  }
}

export function stripeClients(config: BackendConfig): Partial<Record<Mode, Stripe>> {
  const clients: Partial<Record<Mode, Stripe>> = {};
  for (const mode of ['test', 'live'] as const) {
    const key = config.stripeKeys[mode];
    if (!key) continue;
    clients[mode] = new Stripe(key, {
      maxNetworkRetries: 2,
      timeout: 20_000,
      appInfo: {name: 'Keyring backend'},
      ...(config.stripeApiBase ?? {}),
    });
  }
  return clients;
}

const isMissing = (err: unknown) => err instanceof Stripe.errors.StripeError && err.statusCode === 404;

export function stripeSecretStore(clients: Partial<Record<Mode, Stripe>>, backoff: BackoffOptions = {}): SecretStore {
  const client = (mode: Mode) => {
    const stripe = clients[mode];
    if (!stripe) throw new ModeNotConfigured(mode);
    return stripe;
  };
  return {
    async find(mode, account, scope, name) {
      try {
        const secret = await withBackoff(
          () => client(mode).apps.secrets.find({name, scope, expand: ['payload']}, {stripeAccount: account}),
          backoff,
        );
        return secret.payload ?? undefined;
      } catch (err) {
        if (isMissing(err)) return undefined;
        throw err;
      }
    },
    async save(mode, account, scope, name, payload, expiresAt) {
      await withBackoff(
        () =>
          client(mode).apps.secrets.create(
            {name, scope, payload, ...(expiresAt === undefined ? {} : {expires_at: expiresAt})},
            {stripeAccount: account},
          ),
        backoff,
      );
    },
    async remove(mode, account, scope, name) {
      try {
        await withBackoff(
          () => client(mode).apps.secrets.deleteWhere({name, scope}, {stripeAccount: account}),
          backoff,
        );
      } catch (err) {
        if (!isMissing(err)) throw err;
      }
    },
    async list(mode, account, scope) {
      const out: StoredSecret[] = [];
      let startingAfter: string | undefined;
      for (;;) {
        const page = await withBackoff(
          () =>
            client(mode).apps.secrets.list(
              {scope, limit: 100, ...(startingAfter ? {starting_after: startingAfter} : {})},
              {stripeAccount: account},
            ),
          backoff,
        );
        out.push(...page.data.map(({id, name, created}) => ({id, name, created})));
        if (!page.has_more || page.data.length === 0) return out;
        startingAfter = page.data[page.data.length - 1].id;
      }
    },
  };
}
