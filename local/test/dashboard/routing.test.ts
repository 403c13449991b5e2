import {resolve} from 'node:path';
import {bodyViewFor, locationHref, PAGES, parseLocation, routeLocation, viewFor} from '../../dashboard/navigation';
import {createExtensionRouter} from '../../dashboard/worker/router';
import {VIEWPORTS} from '../../manifest/rules';
import {loadApp} from '../../dashboard/app';

/**
 * Pages for every viewport of the manifest schema, where route descriptors lead, and the ExtensionRouter the SDK's
 * navigation module calls (route matching, path segments, search parameters, reporting moves to the host).
 */
const page = (id: string) => PAGES.find((p) => p.id === id) ?? PAGES[0];

test('every viewport of the manifest schema (local/manifest/rules.ts), and the full page, has a page that opens it', () => {
  const viewports = [...VIEWPORTS, 'stripe.dashboard.fullpage'];
  for (const viewport of viewports) {
    const views = [{viewport, component: 'V'}];
    const opening = PAGES.filter(
      (p) => viewFor(p, views)?.view.viewport === viewport || bodyViewFor(p, views)?.view.viewport === viewport,
    );
    expect([viewport, opening.length > 0]).toEqual([viewport, true]);
  }
});

test("every page without a view of Keyring's viewports opens Keyring's default drawer, with no object", () => {
  const keyring = loadApp(resolve(__dirname, '..', '..', '..')).views;
  const withoutView = PAGES.filter((p) => !p.bodyOnly && !keyring.some((v) => v.viewport === p.viewport));
  // Lists, the home page, and detail pages of objects Keyring has no view for (payment links).
  expect(withoutView.length).toBeGreaterThan(10);
  expect(withoutView.some((p) => p.object)).toBe(true);
  for (const p of withoutView) {
    expect([p.id, viewFor(p, keyring)]).toEqual([
      p.id,
      {view: keyring.find((v) => v.viewport === 'stripe.dashboard.drawer.default'), objectContext: null},
    ]);
  }
});

test('detail pages hand their object, or the one a route names, to drawer and page module alike', () => {
  const views = [
    {viewport: 'stripe.dashboard.customer.detail', component: 'Drawer'},
    {viewport: 'stripe.dashboard.customer.detail.page-module', component: 'Module'},
  ];
  expect(viewFor(page('customer'), views)).toEqual({
    view: views[0],
    objectContext: {id: 'cus_QkLocal7Jr2Ada', object: 'customer'},
  });
  expect(bodyViewFor(page('customer'), views, 'cus_Other')).toEqual({
    view: views[1],
    objectContext: {id: 'cus_Other', object: 'customer'},
  });
  // Settings, onboarding and the full page take the whole page: no drawer.
  expect(viewFor(page('app'), [{viewport: 'stripe.dashboard.drawer.default', component: 'D'}])).toBeNull();
});

test('route descriptors lead to pages; the full page keeps its route and search parameters in the address', () => {
  expect(routeLocation({name: 'customerDetails', params: {customerId: 'cus_123'}})).toEqual({
    page: 'customer',
    objectId: 'cus_123',
  });
  expect(routeLocation({name: 'invoices'})).toEqual({page: 'invoices'});
  expect(routeLocation({name: 'fullPageGlob', params: {glob: ['members', 'a b'], searchParams: {tab: 'x'}}})).toEqual({
    page: 'app',
    appPath: '/members/a%20b',
    appSearch: {tab: 'x'},
  });
  expect(routeLocation({name: 'shippingRates'})).toBeNull();
  // Names every object inherits are no routes: `in` found them and built `page=function toString()…`.
  for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf'])
    expect(routeLocation({name})).toBeNull();

  const href = locationHref({
    page: 'app',
    user: 'usr_vic',
    mode: 'live',
    appPath: '/members/a%20b',
    appSearch: {tab: 'x'},
  });
  expect(parseLocation(href.slice(1))).toMatchObject({
    page: {id: 'app'},
    user: {id: 'usr_vic'},
    mode: 'live',
    appPath: '/members/a%20b',
    appSearch: {tab: 'x'},
  });
  expect(parseLocation('?page=customer&id=cus_9').objectId).toBe('cus_9');
  expect(parseLocation('?page=customer&id=<script>').objectId).toBeUndefined();
});

describe('the ExtensionRouter', () => {
  const render = () => null;
  const routes = {
    home: {path: '/:tabId?/:tier?', render},
    member: {path: '/members/:id', render},
    files: {path: '/files/*', render},
    legacy: {path: '/customers/:id', render},
  };

  test('matches the most specific route and reads its parameters', () => {
    const router = createExtensionRouter({}, () => undefined);
    const matched = (href: string) => {
      const found = router.getMatchedRoute(routes, href);
      return found && [found.key, found.routeParams];
    };
    expect(matched('/')).toEqual(['home', {tabId: undefined, tier: undefined}]);
    expect(matched('/members')).toEqual(['home', {tabId: 'members', tier: undefined}]);
    expect(matched('/members/mem_1')).toEqual(['member', {id: 'mem_1'}]);
    expect(matched('/files/a/b%20c')).toEqual(['files', {'*': 'a/b c'}]);
    expect(matched('/a/b/c')).toBeNull();
  });

  test('builds path segments, refuses a missing parameter, and validates paths', () => {
    const router = createExtensionRouter({}, () => undefined);
    expect(router.createPathSegments(routes, {key: 'member', params: {id: 'mem_1'}})).toEqual(['members', 'mem_1']);
    expect(router.createPathSegments(routes, {key: 'home'})).toEqual([]);
    expect(() => router.createPathSegments(routes, {key: 'member'})).toThrow(/needs the parameter "id"/);
    expect(() => router.validateRoutes({bad: {path: 'members', render}})).toThrow(/must start with "\//);
    expect(() => router.validateRoutes({bad: {path: '/a//b', render}})).toThrow(/empty segment/);
  });

  test('a move notifies listeners and the host; a move from the host does not echo back', () => {
    const reported: unknown[] = [];
    const router = createExtensionRouter({href: '/', searchParams: {}}, (...args) => reported.push(args));
    const seen: string[] = [];
    const stop = router.listenToHref((event) => seen.push(event.href));
    router.setRoute(routes, {key: 'member', params: {id: 'mem 2'}, searchParams: {from: 'list'}});
    expect(router.getHref()).toBe('/members/mem%202');
    expect(router.getSearchParams()).toEqual({from: 'list'});
    router.setHref('/members/mem%202', {replace: true, searchParams: {from: 'list', page: '2'}});
    router.setHref('/', {remote: true});
    stop();
    router.setHref('/files/x');
    expect(seen).toEqual(['/members/mem%202', '/members/mem%202', '/']);
    expect(reported).toEqual([
      ['/members/mem%202', {from: 'list'}, false],
      ['/members/mem%202', {from: 'list', page: '2'}, true],
      ['/files/x', {}, false],
    ]);
  });

  test('outside the full page the router has no href, so AppRouter waits and search params are absent', () => {
    const router = createExtensionRouter({}, () => undefined);
    expect(router.getHref()).toBeUndefined();
    expect(router.getSearchParams()).toBeUndefined();
  });
});
