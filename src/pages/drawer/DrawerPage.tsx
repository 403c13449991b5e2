import {Banner, Box, ContextView, Divider} from '../../sdk/components';
import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import {ConfigError, type KeyringConfig} from '../../config';
import {SECRET_LIMITS} from '../../secrets';
import {ApiKeySection} from '../../components/ApiKeySection';
import {BackendChecks} from '../../components/BackendChecks';
import {ConnectionSection} from '../../components/ConnectionSection';
import {Row, Stack} from '../../components/layout';
import {ConfigBanner, ModeBadge, QueryStatus, StatusBadge} from '../../components/status';
import {useConfig} from '../useConfig';
import {drawerDescription, useDrawerPage} from './useDrawerPage';

/**
 * Every drawer view is this page; on an object page it also says whether the user can act for that object. The
 * ContextView is its root whatever the configuration, as the Dashboard expects of a drawer.
 */
export function DrawerPage(context: ExtensionContextValue) {
  const config = useConfig(context);
  const broken = config instanceof ConfigError;
  return (
    <ContextView title="Keyring" description={broken ? undefined : drawerDescription(context, config)}>
      {broken ? <ConfigBanner error={config} /> : <Drawer context={context} config={config} />}
    </ContextView>
  );
}

/** The drawer once the manifest's constants are usable: mode, the user's connection, the account's API key. */
function Drawer({context, config}: {context: ExtensionContextValue; config: KeyringConfig}) {
  const page = useDrawerPage(context, config);
  const {object, full} = page;
  return (
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
      <Row gap="small">
        <ModeBadge context={context} />
      </Row>
      <QueryStatus query={page.scopes} what="credentials" />
      {full ? (
        <Stack gap="large">
          {full.length ? (
            <Banner
              type="caution"
              title={`Stripe keeps at most ${SECRET_LIMITS.maxPerScope} secrets in ${full.join(' and ')}`}
              description="Replacing still works; to add one, delete a secret in the app’s settings."
            />
          ) : null}
          <ConnectionSection {...page.connection} />
          <Divider />
          <ApiKeySection {...page.apiKey} />
          {page.backendChecks.length ? <Divider /> : null}
          <BackendChecks checks={page.backendChecks} />
        </Stack>
      ) : null}
    </Stack>
  );
}
