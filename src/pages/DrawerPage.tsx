import {Box, ContextView} from '@stripe/ui-extension-sdk/ui';
import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import {CredentialsPanel} from '../components/CredentialsPanel';
import {Row, Stack} from '../components/layout';
import {ConfigBanner, StatusBadge} from '../components/status';
import {useDrawerPage} from './useDrawerPage';

/** Every drawer view is this page; on an object page it also says whether the user can act for that object. */
export function DrawerPage(context: ExtensionContextValue) {
  const page = useDrawerPage(context);

  if (page.status === 'unconfigured') {
    return (
      <ContextView title="Keyring">
        <ConfigBanner error={page.error} />
      </ContextView>
    );
  }

  const {object} = page;
  return (
    <ContextView title="Keyring" description={page.description}>
      <Stack gap="large">
        {object ? (
          <Stack gap="small">
            <Box>{object.sentence}</Box>
            <Row gap="small">
              <StatusBadge on={object.connected} yes="Connected" no="Not connected" />
              <StatusBadge on={object.keyPresent} yes="API key saved" no="No API key" />
            </Row>
          </Stack>
        ) : null}
        <CredentialsPanel {...page.panel} />
      </Stack>
    </ContextView>
  );
}
