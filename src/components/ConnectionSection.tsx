import {Badge, Banner, Box, Button} from '../sdk/components';
import {nowInSeconds, type SecretMetadata} from '../secrets';
import {isBusy, type OAuthState} from '../oauth/machine';
import {ConfirmButton} from './ConfirmButton';
import {formatDateTime, formatRelative} from './format';
import {Heading, Row, Stack} from './layout';
import {StatusBadge, Working} from './status';

export interface ConnectionSectionProps {
  /** The provider's name, as people know it. */
  provider: string;
  locale: string;
  /** This user's saved connection (metadata only), or null. */
  saved: SecretMetadata | null;
  state: OAuthState;
  /** The provider's authorize URL, once prepared, while not connected. */
  connectHref?: string;
  verify: () => void;
  disconnect: () => void;
}

/** The signed-in user's own OAuth connection: connect, check who it is, disconnect. */
export function ConnectionSection(oauth: ConnectionSectionProps) {
  const {provider, locale, saved, state} = oauth;
  const busy = isBusy(state);

  return (
    <Stack gap="medium">
      <Heading text={`Your ${provider} connection`}>
        {saved && state.name === 'revoked' ? (
          <Badge type="negative">Revoked</Badge>
        ) : (
          <StatusBadge on={saved} yes="Connected" no="Not connected" />
        )}
      </Heading>
      {state.name === 'exchanging' ? <Working text={`Finishing the connection to ${provider}…`} /> : null}
      {state.name === 'failed' || state.name === 'revoked' ? (
        <Banner type="critical" title="Connection problem" description={state.message} />
      ) : null}
      {saved ? (
        <Stack gap="small">
          {state.name === 'connected' && state.who ? (
            <Box>
              {`Connected as ${state.who.name || state.who.email || state.who.sub}${
                state.who.email && state.who.name ? ` (${state.who.email})` : ''
              }`}
            </Box>
          ) : null}
          <Box>
            {`Connected ${formatDateTime(saved.created, locale)}; ${
              saved.expires_at === null
                ? 'stays connected until you disconnect'
                : `needs reconnecting ${formatRelative(saved.expires_at, nowInSeconds(), locale)}`
            }.`}
          </Box>
          <Row gap="small">
            <Button pending={state.name === 'checking'} disabled={busy} onPress={oauth.verify}>
              Check connection
            </Button>
            <ConfirmButton
              label="Disconnect"
              question={`Disconnect from ${provider}? Keyring revokes its access and forgets your tokens.`}
              confirmLabel="Yes, disconnect"
              pending={state.name === 'disconnecting'}
              disabled={busy}
              onConfirm={oauth.disconnect}
            />
          </Row>
        </Stack>
      ) : (
        <Stack gap="small">
          <Box>{`Connect your own ${provider} account; only you can use it.`}</Box>
          <Button type="primary" href={oauth.connectHref} target="_top" disabled={!oauth.connectHref || busy}>
            {state.name === 'failed' ? `Connect ${provider} again` : `Connect ${provider}`}
          </Button>
        </Stack>
      )}
    </Stack>
  );
}
