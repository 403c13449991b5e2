import {Badge, Box, ListItem} from '@stripe/ui-extension-sdk/ui';
import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import type {KeyringConfig} from '../config';
import {deleteSecret, SECRET_LIMITS, scopeFor, useSecretAction, type SecretMetadata} from '../secrets';
import {disconnect} from '../oauth/connection';
import {describeFailure} from '../oauth/errors';
import {ConfirmButton} from './ConfirmButton';
import {expiryText, formatDateTime} from './format';
import {Row, Stack} from './layout';

/** One secret as the settings list shows it. */
export interface SecretRowModel {
  secret: SecretMetadata;
  /** What Keyring calls its own secrets; undefined for a secret it does not manage. */
  label?: string;
  /** The signed-in user's connection: deleting it revokes it at the provider first. */
  isConnection: boolean;
  expired: boolean;
  /** Expires within the manifest's warning window. */
  soon: boolean;
  /** Whether this user may delete it now (their own scope, or a manager; never once expired). */
  canDelete: boolean;
  now: number;
  locale: string;
  config: KeyringConfig;
  userContext: ExtensionContextValue['userContext'];
  onDeleted: () => void;
}

/** How full a scope is: Stripe keeps at most 10 secrets in each. */
export function Usage({label, count}: {label: string; count: number}) {
  const max = SECRET_LIMITS.maxPerScope;
  const near = count >= max - 2;
  return (
    <Row gap="small" center>
      <Box>{`${label}: ${count} of ${max}`}</Box>
      {count >= max ? <Badge type="negative">Full</Badge> : near ? <Badge type="warning">Nearly full</Badge> : null}
    </Row>
  );
}

export function SecretRow({secret, label, isConnection, expired, soon, canDelete, now, locale, config, userContext, onDeleted}: SecretRowModel) {
  // The user scope listed here is the signed-in user's own; the scope is rebuilt from userContext, never from data.
  // The connection is removed as the drawer's Disconnect removes it: revoked at the provider first, then deleted.
  const remove = useSecretAction((): Promise<unknown> => {
    const scope = scopeFor(secret.scope.type, userContext);
    if (!isConnection) return deleteSecret(scope, secret.name);
    return disconnect({provider: config.provider, scope});
  });

  return (
    <ListItem
      title={<Box>{label || secret.name}</Box>}
      secondaryTitle={
        <Stack gap="xxsmall">
          {label ? <Box>{secret.name}</Box> : null}
          <Box>{`Created ${formatDateTime(secret.created, locale)}`}</Box>
          <Box>{expiryText(secret.expires_at, now, locale)}</Box>
          {remove.state.status === 'error' ? <Box>{`Couldn’t delete: ${describeFailure(remove.state.thrown)}`}</Box> : null}
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
          {canDelete ? (
            <ConfirmButton
              label="Delete"
              question={
                isConnection
                  ? `Delete “${label}”? Keyring revokes its access at ${config.provider.name} and forgets your tokens.`
                  : `Delete “${label || secret.name}”? This can’t be undone.`
              }
              confirmLabel="Yes, delete"
              pending={remove.pending}
              onConfirm={() => void remove.run().then((result) => result.ok && onDeleted())}
            />
          ) : null}
        </Stack>
      }
    />
  );
}
