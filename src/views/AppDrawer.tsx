/** Viewport `stripe.dashboard.drawer.default` (see stripe-app.json): every drawer shares one page; it reads the object from environment.objectContext. */
export {DrawerView as default} from '../components/DrawerPage';
