import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import {DrawerPage} from '../components/DrawerPage';

/** Viewport `stripe.dashboard.product.detail` (see stripe-app.json). */
const ProductDrawer = (context: ExtensionContextValue) => <DrawerPage context={context} />;

export default ProductDrawer;
