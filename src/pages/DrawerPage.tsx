import {Box, ContextView} from '@stripe/ui-extension-sdk/ui';
import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import {ConfigError} from '../config';
import {findOwnSecret, useScopeLists} from '../secrets';
import {CredentialsPanel} from '../components/CredentialsPanel';
import {Row, Stack} from '../components/layout';
import {ConfigBanner, StatusBadge} from '../components/status';
import {useConfig} from './useConfig';

/** What a person calls the object: a charge and a payment intent are both a payment. */
const objectName = (object: string) => (object === 'charge' || object === 'payment_intent' ? 'payment' : object);

/** Every drawer view is this page; on an object page it also says whether the user can act for that object. */
export function DrawerPage(context: ExtensionContextValue) {
  const config = useConfig(context);
  const scopes = useScopeLists(context);
  const object = context.environment.objectContext;

  if (config instanceof ConfigError) {
    return (
      <ContextView title="Keyring">
        <ConfigBanner error={config} />
      </ContextView>
    );
  }

  const name = object ? objectName(object.object) : undefined;
  const ready = scopes.status === 'ready' ? scopes.data : undefined;
  const connected = ready && findOwnSecret(ready, 'oauth') !== null;
  const keyPresent = ready && findOwnSecret(ready, 'apiKey') !== null;

  return (
    <ContextView
      title="Keyring"
      description={object ? `Credentials for this ${name} (${object.id})` : `Your ${config.provider.name} credentials`}
    >
      <Stack gap="large">
        {object && ready ? (
          <Stack gap="small">
            <Box>
              {connected && keyPresent
                ? `You can act on this ${name} in ${config.provider.name}.`
                : `To act on this ${name} in ${config.provider.name}, ${[
                    !connected && 'connect your account',
                    !keyPresent && `save the ${config.apiKey.label}`,
                  ]
                    .filter(Boolean)
                    .join(' and ')}.`}
            </Box>
            <Row gap="small">
              <StatusBadge on={connected} yes="Connected" no="Not connected" />
              <StatusBadge on={keyPresent} yes="API key saved" no="No API key" />
            </Row>
          </Stack>
        ) : null}
        <CredentialsPanel context={context} config={config} scopes={scopes} />
      </Stack>
    </ContextView>
  );
}
