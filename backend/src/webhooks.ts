import Stripe from 'stripe';
import type {Mode} from './app-seam';
import type {ApiKeys} from './api-keys';
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

export interface WebhookDeps {
  secrets: Partial<Record<Mode, string>>;
  store: SecretStore;
  state: StateStore;
  apiKeys: ApiKeys;
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
      // The pattern to copy: the account's key (cached per account and mode), used with the third party.
      const accepted = await deps.apiKeys.check(mode, account);
      if (accepted === undefined) return 'no API key saved';
      return accepted ? 'API key accepted' : 'API key refused';
    }
    default:
      return 'ignored';
  }
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
