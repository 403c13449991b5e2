import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import {DrawerPage} from '../components/DrawerPage';

/** Viewport `stripe.dashboard.payment.detail` (see stripe-app.json). */
const PaymentDrawer = (context: ExtensionContextValue) => <DrawerPage context={context} />;

export default PaymentDrawer;
