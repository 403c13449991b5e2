import {
  locationHref,
  oauthReturnMode,
  parseLocation,
  routeLocation,
  USERS,
  type DashboardLocation,
  type LocationParams,
} from '../navigation';
import {config, STORAGE, verifierPrefix} from './config';
import {showToast} from './toasts';

/** Where the page is: read from the address (or kept across the OAuth return), and moving to another page or route. */

/** Where the person was: the OAuth return brings them back there. */
export function startLocation(): {location: DashboardLocation; oauthReturn?: string} {
  const returnMode = oauthReturnMode(window.location.pathname, config.app.id);
  if (returnMode) {
    // The return may land in another tab than the one that pressed Connect (a Ctrl+click opened it, so its
    // sessionStorage is empty): the person is whoever holds the verifier of this state, on the page last shown.
    const saved = parseLocation(
      sessionStorage.getItem(`${STORAGE}:location`) ?? localStorage.getItem(`${STORAGE}:location`) ?? '',
    );
    const state = new URLSearchParams(window.location.search).get('state');
    const owner =
      state === null
        ? undefined
        : USERS.find((u) => localStorage.getItem(verifierPrefix(u.id, returnMode) + state) !== null);
    const location = {...saved, mode: returnMode, user: owner ?? saved.user};
    const oauthReturn = window.location.href;
    // The return URL carries the code: take it out of the address bar and history at once.
    history.replaceState(null, '', locationHref({page: location.page.id, user: location.user.id, mode: location.mode}));
    return {location, oauthReturn};
  }
  const location = parseLocation(window.location.search);
  remember();
  return {location};
}

export function go(location: LocationParams): void {
  window.location.assign(locationHref(location));
}

/** `navigateToDashboardRoute`, or a Button/Link whose `href` is a route descriptor: to that page, as the same user. */
export function navigateRoute(location: DashboardLocation, route: unknown): void {
  const target = routeLocation(route);
  if (target) go({...target, user: location.user.id, mode: location.mode});
  else showToast(`No local page for route ${String((route as {name?: unknown} | null)?.name)}`, {type: 'caution'});
}

/** The full page moved to another of its routes: the address bar and history follow, as in the Dashboard. */
export function followAppHref(
  location: DashboardLocation,
  href: string,
  searchParams: Record<string, unknown>,
  replace: boolean,
): void {
  const next = locationHref({
    page: 'app',
    user: location.user.id,
    mode: location.mode,
    appPath: href,
    appSearch: searchParams,
  });
  if (replace) history.replaceState(null, '', next);
  else history.pushState(null, '', next);
  remember();
}

/** Where this tab is, for its own OAuth return; and the last place of any tab, for a return in a new one. */
function remember(): void {
  sessionStorage.setItem(`${STORAGE}:location`, window.location.search);
  localStorage.setItem(`${STORAGE}:location`, window.location.search);
}
