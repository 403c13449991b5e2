import {Box, SettingsView} from '@stripe/ui-extension-sdk/ui';
import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';

/** Viewport `settings` (see stripe-app.json). */
const AppSettings = (_context: ExtensionContextValue) => (
  <SettingsView>
    <Box>Secrets Keyring keeps for this account.</Box>
  </SettingsView>
);

export default AppSettings;
