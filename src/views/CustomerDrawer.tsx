import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import {DrawerPage} from '../components/DrawerPage';

/** Viewport `stripe.dashboard.customer.detail` (see stripe-app.json). */
const CustomerDrawer = (context: ExtensionContextValue) => <DrawerPage context={context} />;

export default CustomerDrawer;
