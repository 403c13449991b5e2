import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import {SettingsPage} from '../components/SettingsPage';

/** Viewport `settings` (see stripe-app.json). */
const AppSettings = (context: ExtensionContextValue) => <SettingsPage context={context} />;

export default AppSettings;
