import {useState} from 'react';
import type {Mode} from '../navigation';
import {showToast} from './toasts';
import {config} from './config';

/**
 * The Dashboard's stand-in for what a merchant does outside the app: install it, uninstall it, create a customer.
 * Each sends the event Stripe would (`account.application.authorized`, `account.application.deauthorized`,
 * `customer.created`) on the account shown, in the mode shown, to the webhook endpoints registered with the emulator
 * (the app's backend, when `npm start` runs one). The page asks through its own session and the emulator's local-only
 * `POST /v1/test_helpers/app_events` (Stripe has no such endpoint, and its CLI cannot trigger install events).
 */

const CONTROLS = [
  {label: 'Install', type: 'account.application.authorized'},
  {label: 'Uninstall', type: 'account.application.deauthorized'},
  {label: 'Create a customer', type: 'customer.created'},
] as const;

type EventType = (typeof CONTROLS)[number]['type'];

async function sessionToken(user: string, mode: Mode): Promise<string> {
  // The page server hands a session only to this page, for the user and mode it shows (server/sessions.ts).
  const answer = await fetch(`/__dashboard/session?${new URLSearchParams({user, mode}).toString()}`, {
    headers: {'X-Dashboard-Page': config.page.token},
  });
  const body = (await answer.json()) as {token?: string; error?: string};
  if (!body.token) throw new Error(body.error ?? 'No Dashboard session');
  return body.token;
}

async function sendEvent(user: string, mode: Mode, type: EventType): Promise<{id: string; pending_webhooks: number}> {
  const form = new URLSearchParams({type});
  if (type === 'customer.created') {
    form.set('customer[name]', 'Grace Hopper');
    form.set('customer[email]', 'grace@example.com');
  }
  const answer = await fetch('/v1/test_helpers/app_events', {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${await sessionToken(user, mode)}`,
      'Content-Type': 'application/x-www-form-urlencoded',
      // A retried click is one event, not two.
      'Idempotency-Key': crypto.randomUUID(),
    },
    body: form.toString(),
  });
  const body = (await answer.json()) as {id?: string; pending_webhooks?: number; error?: {message?: string}};
  if (!answer.ok || !body.id) throw new Error(body.error?.message ?? `HTTP ${answer.status}`);
  return {id: body.id, pending_webhooks: body.pending_webhooks ?? 0};
}

export function AppEvents({user, mode}: {user: string; mode: Mode}) {
  const [busy, setBusy] = useState(false);
  const send = (type: EventType) => {
    setBusy(true);
    sendEvent(user, mode, type)
      .then(({id, pending_webhooks: endpoints}) =>
        showToast(
          endpoints === 0
            ? `${type} (${id}): no webhook endpoint listens in ${mode} mode`
            : `Sent ${type} (${id}) to ${endpoints} webhook endpoint${endpoints === 1 ? '' : 's'}`,
          {type: endpoints === 0 ? 'caution' : 'success'},
        ),
      )
      .catch((err: unknown) =>
        showToast(`Could not send ${type}: ${err instanceof Error ? err.message : String(err)}`, {type: 'caution'}),
      )
      .finally(() => setBusy(false));
  };
  return (
    <div
      role="group"
      aria-label="App events"
      className="ld-app-events"
      style={{display: 'flex', alignItems: 'center', gap: 6, fontSize: 13}}
    >
      {CONTROLS.map((control) => (
        <button
          key={control.type}
          type="button"
          disabled={busy}
          title={`Send ${control.type} for this account in ${mode} mode`}
          onClick={() => send(control.type)}
          style={{
            border: '1px solid var(--ld-border)',
            borderRadius: 6,
            padding: '3px 8px',
            background: '#fff',
            cursor: 'pointer',
            fontSize: 12,
          }}
        >
          {control.label}
        </button>
      ))}
    </div>
  );
}
