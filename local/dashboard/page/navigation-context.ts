import {createContext} from 'react';

/** Where a RouteDescriptor (`{name: 'customerDetails', params}`) goes in the local Dashboard; set by the page. */
export const NavigationContext = createContext<(route: unknown) => void>(() => undefined);
