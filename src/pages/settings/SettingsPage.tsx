import {Banner, Box, Button, List, SettingsView} from '../../sdk/components';
import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import {ConfigError, type KeyringConfig} from '../../config';
import {Row, Stack} from '../../components/layout';
import {SecretRow, Usage} from '../../components/SecretRow';
import {ConfigBanner, ModeBadge, QueryStatus} from '../../components/status';
import {useConfig} from '../useConfig';
import {useSettingsPage} from './useSettingsPage';

/** Settings: every secret the app can reach, its scope, and when it expires; each in one row, deleted from there. */
export function SettingsPage(context: ExtensionContextValue) {
  const config = useConfig(context);
  return (
    <SettingsView>
      {config instanceof ConfigError ? <ConfigBanner error={config} /> : <Settings context={context} config={config} />}
    </SettingsView>
  );
}

function Settings({context, config}: {context: ExtensionContextValue; config: KeyringConfig}) {
  const {scopes, lists} = useSettingsPage(context, config);
  return (
    <Stack gap="large">
      <Row gap="small" center>
        <ModeBadge context={context} />
        <Button size="small" onPress={scopes.refetch} pending={scopes.status === 'ready' && scopes.refreshing}>
          Refresh
        </Button>
      </Row>
      <QueryStatus query={scopes} what="secrets" />
      {lists ? (
        <Stack gap="medium">
          <Stack gap="xsmall">
            <Usage label="Shared with the account" count={lists.usage.account} />
            <Usage label="Only you" count={lists.usage.user} />
          </Stack>
          {lists.whoMay ? <Banner title={`Only ${lists.whoMay} can change the account’s secrets`} /> : null}
          {lists.rows.length === 0 ? (
            <Box>No secrets are saved yet. Add them from the Keyring drawer.</Box>
          ) : (
            <List aria-label="Secrets">
              {lists.rows.map((row) => (
                <SecretRow key={row.secret.id} {...row} />
              ))}
            </List>
          )}
        </Stack>
      ) : null}
    </Stack>
  );
}
