import {useMemo} from 'react';
import {Badge, Box, Button, List, ListItem, SettingsView} from '@stripe/ui-extension-sdk/ui';
import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import {ConfigError, type KeyringConfig} from '../config';
import {
  deleteSecret,
  findOwnSecret,
  isOwnSecret,
  describeError,
  SECRET_LIMITS,
  SecretStoreError,
  scopeFor,
  useScopeLists,
  useSecretAction,
  type SecretMetadata,
} from '../secrets';
import {canManage} from '../permissions';
import {disconnect} from '../oauth/connection';
import {describeOAuthError, OAuthError} from '../oauth/errors';
import {ApiKeySection} from '../components/ApiKeySection';
import {ConfirmButton} from '../components/ConfirmButton';
import {Row, Stack} from '../components/layout';
import {ConfigBanner, ModeBadge, QueryStatus} from '../components/status';
import {useConfig} from './useConfig';
import {expiryText, formatDateTime} from '../components/format';
import {useNow} from '../components/useNow';

const DAY = 86_400;

export function secretLabel(secret: SecretMetadata, config: KeyringConfig): string | undefined {
  if (isOwnSecret(secret, 'apiKey')) return config.apiKey.label;
  if (isOwnSecret(secret, 'oauth')) return `Your ${config.provider.name} connection`;
  return undefined;
}

/** Soonest expiry first (never-expiring last), then by name. */
export function sortSecrets(secrets: SecretMetadata[]): SecretMetadata[] {
  return [...secrets].sort(
    (a, b) => (a.expires_at || Infinity) - (b.expires_at || Infinity) || a.name.localeCompare(b.name),
  );
}

function Usage({label, count}: {label: string; count: number}) {
  const max = SECRET_LIMITS.maxPerScope;
  const near = count >= max - 2;
  return (
    <Row gap="small" center>
      <Box>{`${label}: ${count} of ${max}`}</Box>
      {count >= max ? <Badge type="negative">Full</Badge> : near ? <Badge type="warning">Nearly full</Badge> : null}
    </Row>
  );
}

function SecretRow(props: {
  secret: SecretMetadata;
  config: KeyringConfig;
  userContext: ExtensionContextValue['userContext'];
  now: number;
  locale: string;
  canDelete: boolean;
  onDeleted: () => void;
}) {
  const {secret, config, now, locale} = props;
  const label = secretLabel(secret, config);
  const isConnection = isOwnSecret(secret, 'oauth');
  // The user scope listed here is the signed-in user's own; the scope is rebuilt from userContext, never from data.
  // The connection is removed as the drawer's Disconnect removes it: revoked at the provider first, then deleted.
  const remove = useSecretAction((): Promise<unknown> => {
    const scope = scopeFor(secret.scope.type, props.userContext);
    if (!isConnection) return deleteSecret(scope, secret.name);
    const {provider} = config;
    const timeoutMs = provider.timeoutSeconds === undefined ? undefined : provider.timeoutSeconds * 1000;
    return disconnect({provider, scope, timeoutMs}).catch((err: unknown) => {
      throw err instanceof OAuthError ? new SecretStoreError({kind: 'invalid', message: describeOAuthError(err.detail)}) : err;
    });
  });
  const expired = secret.expires_at !== null && secret.expires_at <= now;
  const soon = !expired && secret.expires_at !== null && secret.expires_at - now <= config.expiryWarningDays * DAY;

  return (
    <ListItem
      title={<Box>{label || secret.name}</Box>}
      secondaryTitle={
        <Stack gap="xxsmall">
          {label ? <Box>{secret.name}</Box> : null}
          <Box>{`Created ${formatDateTime(secret.created, locale)}`}</Box>
          <Box>{expiryText(secret.expires_at, now, locale)}</Box>
          {remove.state.status === 'error' ? <Box>{`Couldn’t delete: ${describeError(remove.state.error)}`}</Box> : null}
        </Stack>
      }
      value={
        <Stack gap="xsmall">
          <Row gap="xsmall">
            <Badge type={secret.scope.type === 'account' ? 'info' : 'neutral'}>
              {secret.scope.type === 'account' ? 'Shared with the account' : 'Only you'}
            </Badge>
            {label ? null : <Badge type="neutral">Not managed by Keyring</Badge>}
            {expired ? <Badge type="negative">Expired</Badge> : soon ? <Badge type="warning">Expires soon</Badge> : null}
          </Row>
          {props.canDelete && !expired ? (
            <ConfirmButton
              label="Delete"
              question={
                isConnection
                  ? `Delete “${label}”? Keyring revokes its access at ${config.provider.name} and forgets your tokens.`
                  : `Delete “${label || secret.name}”? This can’t be undone.`
              }
              confirmLabel="Yes, delete"
              pending={remove.pending}
              onConfirm={() => void remove.run().then((result) => result.ok && props.onDeleted())}
            />
          ) : null}
        </Stack>
      }
    />
  );
}

/** Settings: every secret the app can reach, its scope, and when it expires. */
export function SettingsPage(context: ExtensionContextValue) {
  const config = useConfig(context);
  const scopes = useScopeLists(context);
  const all = useMemo(() => (scopes.status === 'ready' ? sortSecrets([...scopes.data.account, ...scopes.data.user]) : []), [scopes]);
  const warningWindow = config instanceof ConfigError ? 0 : config.expiryWarningDays * DAY;
  const now = useNow(all.flatMap((s) => (s.expires_at === null ? [] : [s.expires_at, s.expires_at - warningWindow])));

  if (config instanceof ConfigError) {
    return (
      <SettingsView>
        <ConfigBanner error={config} />
      </SettingsView>
    );
  }
  const locale = context.userContext.locale || 'en';
  const manager = canManage(context.userContext.roles, config.manageRoles);

  return (
    <SettingsView>
      <Stack gap="large">
        <Row gap="small" center>
          <ModeBadge context={context} />
          <Button size="small" onPress={scopes.refetch} pending={scopes.status === 'ready' && scopes.refreshing}>
            Refresh
          </Button>
        </Row>
        <QueryStatus query={scopes} what="secrets" />
        {scopes.status === 'ready' ? (
          <Stack gap="medium">
            <Stack gap="xsmall">
              <Usage label="Shared with the account" count={scopes.data.account.length} />
              <Usage label="Only you" count={scopes.data.user.length} />
            </Stack>
            {all.length === 0 ? (
              <Box>No secrets are saved yet. Add them from the Keyring drawer.</Box>
            ) : (
              <List aria-label="Secrets">
                {all.map((secret) => (
                  <SecretRow
                    key={secret.id}
                    secret={secret}
                    config={config}
                    userContext={context.userContext}
                    now={now}
                    locale={locale}
                    canDelete={secret.scope.type === 'user' || manager}
                    onDeleted={scopes.refetch}
                  />
                ))}
              </List>
            )}
            <ApiKeySection
              context={context}
              config={config}
              saved={findOwnSecret(scopes.data, 'apiKey')}
              onChange={scopes.refetch}
            />
          </Stack>
        ) : null}
      </Stack>
    </SettingsView>
  );
}
