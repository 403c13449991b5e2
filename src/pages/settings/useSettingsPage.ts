import {useMemo, useRef, useState} from 'react';
import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import type {KeyringConfig} from '../../config';
import {deleteSecret, isOwnSecret, scopeFor, type ScopeLists, type SecretMetadata} from '../../secrets';
import {disconnect} from '../../oauth/connection';
import {describeFailure} from '../../oauth/errors';
import {canManage, describeRoles} from '../../permissions';
import {useScopeLists, type Query} from '../../data/query';
import type {SecretRowModel} from '../../components/SecretRow';
import {useNow} from '../../components/useNow';

const DAY = 86_400;

/** What the settings page shows and does: everything its JSX reads, worked out here. */
export interface SettingsPageModel {
  /** The lists' query: its loading and error states, Refresh, and whether a refresh is running. */
  scopes: Query<ScopeLists>;
  /**
   * Once the lists are read: how full each scope is, every secret as a row, and — for a user who may not change the
   * account's secrets — who may.
   */
  lists?: {usage: {account: number; user: number}; rows: SecretRowModel[]; whoMay?: string};
}

/** A row's delete while it runs, or how it failed; nothing once it succeeded. */
type DeleteState = {pending?: true; error?: string};

/**
 * Deleting a row, one at a time per secret. The user scope listed here is the signed-in user's own; the scope is
 * rebuilt from userContext, never from data. The connection is removed as the drawer's Disconnect removes it:
 * revoked at the provider first, then deleted. After a delete the lists are read again.
 */
function useDeletes(context: ExtensionContextValue, config: KeyringConfig, refetch: () => void) {
  const [states, setStates] = useState<Record<string, DeleteState>>({});
  const running = useRef(new Set<string>()).current;
  async function run(secret: SecretMetadata) {
    const {id} = secret;
    if (running.has(id)) return;
    running.add(id);
    const set = (state: DeleteState) => setStates((all) => ({...all, [id]: state}));
    set({pending: true});
    try {
      const scope = scopeFor(secret.scope.type, context.userContext);
      await (isOwnSecret(secret, 'oauth')
        ? disconnect({provider: config.provider, scope})
        : deleteSecret(scope, secret.name));
      set({});
      refetch();
    } catch (thrown) {
      set({error: describeFailure(thrown)});
    } finally {
      running.delete(id);
    }
  }
  return {states, run};
}

/**
 * The settings page's view model: both scopes' secrets, soonest expiry first, each with its label, its state at this
 * moment (re-read as an expiry or a warning window starts), and — when this user may delete it — the delete action.
 */
export function useSettingsPage(context: ExtensionContextValue, config: KeyringConfig): SettingsPageModel {
  const scopes = useScopeLists(context);
  const deletes = useDeletes(context, config, scopes.refetch);
  // Soonest expiry first (never-expiring last), then by name.
  const all = useMemo(
    () =>
      scopes.status === 'ready'
        ? [...scopes.data.account, ...scopes.data.user].sort(
            (a, b) => (a.expires_at || Infinity) - (b.expires_at || Infinity) || a.name.localeCompare(b.name),
          )
        : [],
    [scopes],
  );
  const warningWindow = config.expiryWarningDays * DAY;
  const now = useNow(all.flatMap((s) => (s.expires_at === null ? [] : [s.expires_at, s.expires_at - warningWindow])));
  if (scopes.status !== 'ready') return {scopes};

  const {userContext} = context;
  const locale = userContext.locale || 'en';
  const manager = canManage(userContext.roles, config.manageRoles);
  const provider = config.provider.name;
  const rows = all.map((secret): SecretRowModel => {
    const expired = secret.expires_at !== null && secret.expires_at <= now;
    const connection = isOwnSecret(secret, 'oauth');
    // What Keyring calls its own secrets.
    const label = isOwnSecret(secret, 'apiKey')
      ? config.apiKey.label
      : connection
        ? `Your ${provider} connection`
        : undefined;
    const {pending, error} = deletes.states[secret.id] || {};
    const question = connection
      ? `Delete “${label}”? Keyring revokes its access at ${provider} and forgets your tokens.`
      : `Delete “${label || secret.name}”? This can’t be undone.`;
    return {
      secret,
      label,
      expired,
      soon: !expired && secret.expires_at !== null && secret.expires_at - now <= warningWindow,
      now,
      locale,
      // Their own scope, or a manager; never once expired.
      remove:
        (secret.scope.type === 'user' || manager) && !expired
          ? {question, pending: !!pending, error, run: () => void deletes.run(secret)}
          : undefined,
    };
  });
  return {
    scopes,
    lists: {
      usage: {account: scopes.data.account.length, user: scopes.data.user.length},
      rows,
      whoMay: manager ? undefined : describeRoles(config.manageRoles),
    },
  };
}
