/** Viewport `stripe.dashboard.payment.detail` (see stripe-app.json): every drawer shares one page; it reads the object from environment.objectContext. */
export {DrawerPage as default} from '../pages/drawer/DrawerPage';
