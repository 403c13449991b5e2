/**
 * Viewport `stripe.dashboard.payment.detail` (see stripe-app.json). Every drawer shares one page, which reads the
 * object from environment.objectContext.
 */
export {DrawerPage as default} from '../pages/drawer/DrawerPage';
