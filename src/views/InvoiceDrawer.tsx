import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import {DrawerPage} from '../components/DrawerPage';

/** Viewport `stripe.dashboard.invoice.detail` (see stripe-app.json). */
const InvoiceDrawer = (context: ExtensionContextValue) => <DrawerPage context={context} />;

export default InvoiceDrawer;
