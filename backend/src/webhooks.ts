import Stripe from 'stripe';
import type {Mode} from './app-seam';
import type {ApiKeys} from './api-keys';
import {checkConnection, ConnectionFailed, type ConnectionDeps, type ConnectionFailure, type Who} from './connections';
import type {SecretStore} from './secret-store';
import type {StateStore} from './state';

/**
 * `POST /webhooks/stripe`: events on the accounts that installed the app. The raw body is verified with stripe-node's
 * `constructEvent` (300 s) against the endpoint secret of each configured mode; the secret that matches says which
 * endpoint the event came to, and an event whose `livemode` is not that endpoint's mode is dropped (an account that
 * installs in both modes sends its test events to the live endpoint too). Each event id is handled once, in the same
 * store as the nonces; a handler that fails gives its claim back and answers 500, so Stripe's retry handles it.
 */

export const WEBHOOK_TOLERANCE_SECONDS = 300;
/** Stripe retries an undelivered event for up to three days; an id is remembered that long. */
const EVENT_ID_SECONDS = 3 * 24 * 60 * 60;
/** An uninstall record is kept this long (a reinstall clears it sooner). */
const DEAUTHORIZED_SECONDS = 90 * 24 * 60 * 60;
/**
 * At most this many users' connections are used for one event. Each costs a Secret Store read and one or two provider
 * calls (a refresh when due, then the call itself), and Stripe wants a quick 2xx: a late answer counts as a failure and
 * the event comes again. An app that must reach every user of a large account queues one job per user instead.
 */
export const CONNECTIONS_PER_EVENT = 10;

export interface WebhookDeps {
  secrets: Partial<Record<Mode, string>>;
  store: SecretStore;
  state: StateStore;
  apiKeys: ApiKeys;
  /** The very deps the views' signed actions use: one single flight and one lock per connection for both. */
  connections: ConnectionDeps;
  nowMs: () => number;
  log: (line: string) => void;
}

export interface WebhookAnswer {
  status: number;
  body: Record<string, unknown>;
}

const webhooks = Stripe.webhooks;
const error = (status: number, reason: string, message: string): WebhookAnswer => ({
  status,
  body: {error: {reason, message}},
});

/** The users whose scopes a backend may clean for this account: every user a signed request has named. */
export const knownUsersKey = (mode: Mode, account: string) => `users:${mode}:${account}`;
export const deauthorizedKey = (mode: Mode, account: string) => `deauthorized:${mode}:${account}`;
/** A connection this event already used, in a delivery that then failed for another connection's sake. */
const connectionUsedKey = (event: string, user: string) => `event:${event}:connection:${user}`;

export async function handleWebhook(
  deps: WebhookDeps,
  raw: string,
  header: string | undefined,
): Promise<WebhookAnswer> {
  const modes = (['live', 'test'] as const).filter((m) => deps.secrets[m]);
  if (modes.length === 0)
    return error(
      404,
      'webhooks_not_configured',
      'No webhook endpoint secret is configured (STRIPE_WEBHOOK_SECRET_TEST / _LIVE).',
    );
  if (!header) return error(400, 'missing_signature', 'The Stripe-Signature header is missing.');
  let event: Stripe.Event | undefined;
  let endpoint: Mode | undefined;
  let why = 'No signature matches an endpoint secret.';
  for (const mode of modes) {
    try {
      event = webhooks.constructEvent(
        raw,
        header,
        deps.secrets[mode] as string,
        WEBHOOK_TOLERANCE_SECONDS,
        undefined,
        deps.nowMs(),
      );
      endpoint = mode;
      break;
    } catch (err) {
      if (err instanceof Error && /tolerance/i.test(err.message)) why = 'The event’s signature is older than 300 s.';
    }
  }
  if (!event || !endpoint) return error(400, 'invalid_signature', why);

  const eventMode: Mode = event.livemode ? 'live' : 'test';
  if (eventMode !== endpoint) {
    // Acknowledged so Stripe does not retry it; the other mode's endpoint handles it.
    return {status: 200, body: {received: true, ignored: `${eventMode}_event_on_${endpoint}_endpoint`}};
  }
  const account = event.account;
  if (!account) return {status: 200, body: {received: true, ignored: 'no_account'}};
  if (!(await deps.state.claim(`event:${event.id}`, EVENT_ID_SECONDS)))
    return {status: 200, body: {received: true, duplicate: true}};
  try {
    const outcome = await handleEvent(deps, event, eventMode, account);
    deps.log(`webhook ${event.type} ${event.id} ${account} ${eventMode}: ${outcome}`);
    return {status: 200, body: {received: true, outcome}};
  } catch (err) {
    await deps.state.release(`event:${event.id}`);
    deps.log(`webhook ${event.type} ${event.id} failed: ${err instanceof Error ? err.constructor.name : 'error'}`);
    return error(500, 'handler_failed', 'The event could not be handled now; Stripe will retry it.');
  }
}

async function handleEvent(deps: WebhookDeps, event: Stripe.Event, mode: Mode, account: string): Promise<string> {
  switch (event.type) {
    case 'account.application.authorized': {
      // Secrets survive an uninstall, and the app's permissions are gone before `deauthorized` arrives: what an
      // earlier install left is removed now. Only secrets older than this event go, so a key saved in the views
      // between the install and this (possibly late or retried) delivery stays.
      deps.apiKeys.drop(mode, account);
      await deps.state.release(deauthorizedKey(mode, account));
      const users = await deps.state.members(knownUsersKey(mode, account));
      const scopes = [{type: 'account' as const}, ...users.map((user) => ({type: 'user' as const, user}))];
      let removed = 0;
      for (const scope of scopes) {
        for (const secret of await deps.store.list(mode, account, scope)) {
          if (!secret.name.startsWith('keyring.') || secret.created >= event.created) continue;
          await deps.store.remove(mode, account, scope, secret.name);
          removed += 1;
        }
      }
      return `removed ${removed} secret(s) left from an earlier install`;
    }
    case 'account.application.deauthorized': {
      deps.apiKeys.drop(mode, account);
      await deps.state.put(
        deauthorizedKey(mode, account),
        JSON.stringify({at: event.created, event: event.id}),
        DEAUTHORIZED_SECONDS,
      );
      return 'recorded the uninstall';
    }
    case 'customer.created': {
      // The pattern to copy: the account's key (cached per account and mode), used with the third party…
      const accepted = await deps.apiKeys.check(mode, account);
      const key = accepted === undefined ? 'no API key saved' : accepted ? 'API key accepted' : 'API key refused';
      // …then each known user's connection, as the views' checks use it.
      return `${key}; connections: ${await callWithConnections(deps, event.id, mode, account)}`;
    }
    default:
      return 'ignored';
  }
}

/** What using one connection came to; `no_answer`: nothing answered in time, so a later delivery may do better. */
type Use = 'used' | 'used_earlier' | 'no_answer' | Exclude<ConnectionFailure, 'timeout' | 'unreachable'>;

/** Some connection got no answer: the event fails (500) so that Stripe delivers it again. */
export class ConnectionsUnfinished extends Error {
  constructor(readonly count: number) {
    super(`${count} connection(s) got no answer in time`);
  }
}

/**
 * Uses one user's connection for this event: read in the event's account and mode, refreshed when due under the
 * connection's single flight and lock (so two tabs, the views' checks and this handler never present one refresh token
 * twice), then the provider's userinfo — `checkConnection`, the call the views' `connection.check` makes. Replace that
 * call with your own; if it writes at the third party, give it an idempotency key made of the event id and the user.
 */
async function callWithConnection(deps: WebhookDeps, event: string, who: Who): Promise<Use> {
  const done = connectionUsedKey(event, who.user);
  if (await deps.state.get(done)) return 'used_earlier';
  try {
    await checkConnection(deps.connections, who); // who the person is: used, never logged
  } catch (err) {
    // Nothing answered in time (the provider, the Secret Store, the lock's holder): a later delivery may get an answer.
    // Any other failure answered already (the grant ended, no connection): delivering the event again cannot help.
    if (!(err instanceof ConnectionFailed) || err.reason === 'timeout' || err.reason === 'unreachable')
      return 'no_answer';
    return err.reason;
  }
  // Remembered as long as the event id, so Stripe's retry of this event does not use this connection again.
  await deps.state.put(done, '1', EVENT_ID_SECONDS);
  return 'used';
}

const USE_WORDS: Record<Exclude<Use, 'used' | 'no_answer'>, string> = {
  used_earlier: 'used by an earlier delivery',
  not_connected: 'not connected',
  revoked: 'revoked',
  damaged_connection: 'damaged',
  provider_error: 'refused by the provider',
};

/**
 * The connections of the users a signed request named in this account and mode (the backend sees no others), at most
 * `CONNECTIONS_PER_EVENT`, all at once. One connection's failure does not fail the event when retrying cannot help (the
 * person must connect again); when nothing answered, the event fails after every other connection was used, and
 * Stripe's retry uses only the connections not used yet. Answers how many were used — never a token or who.
 */
async function callWithConnections(deps: WebhookDeps, event: string, mode: Mode, account: string): Promise<string> {
  const known = (await deps.state.members(knownUsersKey(mode, account))).sort();
  const users = known.slice(0, CONNECTIONS_PER_EVENT);
  const uses = await Promise.all(users.map((user) => callWithConnection(deps, event, {mode, account, user})));
  const count = (use: Use) => uses.filter((u) => u === use).length;
  if (count('no_answer') > 0) throw new ConnectionsUnfinished(count('no_answer'));
  const parts = [`${count('used')} used`];
  for (const use of Object.keys(USE_WORDS) as (keyof typeof USE_WORDS)[])
    if (count(use) > 0) parts.push(`${count(use)} ${USE_WORDS[use]}`);
  if (known.length > users.length)
    parts.push(`${known.length - users.length} beyond the cap of ${CONNECTIONS_PER_EVENT}`);
  if (known.length === 0) parts.push('no user known');
  return parts.join(', ');
}

/** The uninstall record for an account, if it has one. */
export async function deauthorization(
  state: StateStore,
  mode: Mode,
  account: string,
): Promise<{at: number; event: string} | undefined> {
  const text = await state.get(deauthorizedKey(mode, account));
  return text ? (JSON.parse(text) as {at: number; event: string}) : undefined;
}
