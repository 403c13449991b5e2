import {Badge, Banner, Box, ContextView} from '@stripe/ui-extension-sdk/ui';
import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import {ConfigError} from '../config';
import {SECRET_NAMES, useScopeLists} from '../secrets';
import {CredentialsPanel} from './CredentialsPanel';
import {Row, Stack, useConfig} from './common';

const OBJECT_NAMES: Record<string, string> = {
  customer: 'customer',
  charge: 'payment',
  payment_intent: 'payment',
  invoice: 'invoice',
  subscription: 'subscription',
  product: 'product',
};

/** Every drawer view renders this page; on an object page it also says whether the user can act for that object. */
export function DrawerPage({context}: {context: ExtensionContextValue}) {
  const config = useConfig(context);
  const scopes = useScopeLists(context);
  const object = context.environment.objectContext;

  if (config instanceof ConfigError) {
    return (
      <ContextView title="Keyring">
        <Banner type="critical" title="Keyring is not configured" description={config.message} />
      </ContextView>
    );
  }

  const objectName = object ? (OBJECT_NAMES[object.object] ?? object.object) : undefined;
  const ready = scopes.status === 'ready' ? scopes.data : undefined;
  const connected = ready ? ready.user.some((s) => s.name === SECRET_NAMES.oauth) : undefined;
  const keyPresent = ready ? ready.account.some((s) => s.name === SECRET_NAMES.apiKey) : undefined;

  return (
    <ContextView
      title="Keyring"
      description={object ? `Credentials for this ${objectName} (${object.id})` : `Your ${config.provider.name} credentials`}
    >
      <Stack gap="large">
        {object && ready ? (
          <Stack gap="small">
            <Box>
              {connected && keyPresent
                ? `You can act on this ${objectName} in ${config.provider.name}.`
                : `To act on this ${objectName} in ${config.provider.name}, ${[
                    connected ? undefined : 'connect your account',
                    keyPresent ? undefined : `save the ${config.apiKey.label}`,
                  ]
                    .filter(Boolean)
                    .join(' and ')}.`}
            </Box>
            <Row gap="small">
              <Badge type={connected ? 'positive' : 'neutral'}>{connected ? 'Connected' : 'Not connected'}</Badge>
              <Badge type={keyPresent ? 'positive' : 'neutral'}>{keyPresent ? 'API key saved' : 'No API key'}</Badge>
            </Row>
          </Stack>
        ) : null}
        <CredentialsPanel context={context} config={config} scopes={scopes} />
      </Stack>
    </ContextView>
  );
}
