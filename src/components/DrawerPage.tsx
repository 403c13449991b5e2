import {Box, ContextView} from '@stripe/ui-extension-sdk/ui';
import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';

export interface DrawerPageProps {
  context: ExtensionContextValue;
}

/** The one drawer page every drawer view renders; it names the object the drawer is open on. */
export function DrawerPage({context}: DrawerPageProps) {
  const object = context.environment.objectContext;
  return (
    <ContextView title="Keyring" description={object ? `On ${object.object} ${object.id}` : undefined}>
      <Box>{'Your Example Cloud connection and the account’s API key.'}</Box>
    </ContextView>
  );
}
