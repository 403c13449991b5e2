import {Badge, Box, ListItem} from '../sdk/components';
import {SECRET_LIMITS, type SecretMetadata} from '../secrets';
import {ConfirmButton} from './ConfirmButton';
import {expiryText, formatDateTime} from './format';
import {Row, Stack} from './layout';

/** One secret as the settings list shows it; what Delete does is the page's. */
export interface SecretRowModel {
  secret: SecretMetadata;
  /** What Keyring calls its own secrets; undefined for a secret it does not manage. */
  label?: string;
  expired: boolean;
  /** Expires within the manifest's warning window. */
  soon: boolean;
  now: number;
  locale: string;
  /** Present when this user may delete it now: what to ask first, and the action's state. */
  remove?: {question: string; pending: boolean; error?: string; run: () => void};
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

export function SecretRow({secret, label, expired, soon, now, locale, remove}: SecretRowModel) {
  return (
    <ListItem
      title={<Box>{label || secret.name}</Box>}
      secondaryTitle={
        <Stack gap="xxsmall">
          {label ? <Box>{secret.name}</Box> : null}
          <Box>{`Created ${formatDateTime(secret.created, locale)}`}</Box>
          <Box>{expiryText(secret.expires_at, now, locale)}</Box>
          {remove && remove.error ? <Box>{`Couldn’t delete: ${remove.error}`}</Box> : null}
        </Stack>
      }
      value={
        <Stack gap="xsmall">
          <Row gap="xsmall">
            <Badge type={secret.scope.type === 'account' ? 'info' : 'neutral'}>
              {secret.scope.type === 'account' ? 'Shared with the account' : 'Only you'}
            </Badge>
            {label ? null : <Badge type="neutral">Not managed by Keyring</Badge>}
            {expired ? (
              <Badge type="negative">Expired</Badge>
            ) : soon ? (
              <Badge type="warning">Expires soon</Badge>
            ) : null}
          </Row>
          {remove ? (
            <ConfirmButton
              label="Delete"
              question={remove.question}
              confirmLabel="Yes, delete"
              pending={remove.pending}
              onConfirm={remove.run}
            />
          ) : null}
        </Stack>
      }
    />
  );
}
