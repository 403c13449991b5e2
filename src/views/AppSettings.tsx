/** Viewport `settings` (see stripe-app.json): the settings page. */
export {SettingsPage as default} from '../pages/settings/SettingsPage';
