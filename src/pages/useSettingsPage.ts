import {useMemo} from 'react';
import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import {ConfigError, type KeyringConfig} from '../config';
import {findOwnSecret, isOwnSecret, useScopeLists, type Query, type ScopeLists, type SecretMetadata} from '../secrets';
import {canManage} from '../permissions';
import type {ApiKeySectionProps} from '../components/ApiKeySection';
import type {SecretRowModel} from '../components/SecretRow';
import {useNow} from '../components/useNow';
import {useConfig} from './useConfig';

const DAY = 86_400;

/** What the settings page shows: everything its JSX reads, worked out here. */
export type SettingsPageModel =
  | {status: 'unconfigured'; error: ConfigError}
  | {
      status: 'ready';
      /** The lists' query: its loading and error states, Refresh, and whether a refresh is running. */
      scopes: Query<ScopeLists>;
      /** Once the lists are read: how full each scope is, every secret as a row, and the API key section's props. */
      lists?: {usage: {account: number; user: number}; rows: SecretRowModel[]; apiKey: ApiKeySectionProps};
    };

function secretLabel(secret: SecretMetadata, config: KeyringConfig): string | undefined {
  if (isOwnSecret(secret, 'apiKey')) return config.apiKey.label;
  if (isOwnSecret(secret, 'oauth')) return `Your ${config.provider.name} connection`;
  return undefined;
}

/** Soonest expiry first (never-expiring last), then by name. */
function sortSecrets(secrets: SecretMetadata[]): SecretMetadata[] {
  return [...secrets].sort(
    (a, b) => (a.expires_at || Infinity) - (b.expires_at || Infinity) || a.name.localeCompare(b.name),
  );
}

/**
 * The settings page's view model: both scopes' secrets, soonest expiry first, each with its label, its state at this
 * moment (re-read as an expiry or a warning window starts) and whether this user may delete it.
 */
export function useSettingsPage(context: ExtensionContextValue): SettingsPageModel {
  const config = useConfig(context);
  const scopes = useScopeLists(context);
  const all = useMemo(() => (scopes.status === 'ready' ? sortSecrets([...scopes.data.account, ...scopes.data.user]) : []), [scopes]);
  const warningWindow = config instanceof ConfigError ? 0 : config.expiryWarningDays * DAY;
  const now = useNow(all.flatMap((s) => (s.expires_at === null ? [] : [s.expires_at, s.expires_at - warningWindow])));

  if (config instanceof ConfigError) return {status: 'unconfigured', error: config};
  if (scopes.status !== 'ready') return {status: 'ready', scopes};

  const {userContext} = context;
  const locale = userContext.locale || 'en';
  const manager = canManage(userContext.roles, config.manageRoles);
  const rows = all.map((secret): SecretRowModel => {
    const expired = secret.expires_at !== null && secret.expires_at <= now;
    return {
      secret,
      label: secretLabel(secret, config),
      isConnection: isOwnSecret(secret, 'oauth'),
      expired,
      soon: !expired && secret.expires_at !== null && secret.expires_at - now <= warningWindow,
      canDelete: (secret.scope.type === 'user' || manager) && !expired,
      now,
      locale,
      config,
      userContext,
      onDeleted: scopes.refetch,
    };
  });
  return {
    status: 'ready',
    scopes,
    lists: {
      usage: {account: scopes.data.account.length, user: scopes.data.user.length},
      rows,
      apiKey: {context, config, saved: findOwnSecret(scopes.data, 'apiKey'), onChange: scopes.refetch},
    },
  };
}
