import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import {DrawerPage} from '../components/DrawerPage';

/** Viewport `stripe.dashboard.subscription.detail` (see stripe-app.json). */
const SubscriptionDrawer = (context: ExtensionContextValue) => <DrawerPage context={context} />;

export default SubscriptionDrawer;
