import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import {DrawerPage} from '../components/DrawerPage';

/** Viewport `stripe.dashboard.drawer.default` (see stripe-app.json). */
const AppDrawer = (context: ExtensionContextValue) => <DrawerPage context={context} />;

export default AppDrawer;
