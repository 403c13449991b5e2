import {loadApp} from '../../dashboard/app';
import {PAGES} from '../../dashboard/navigation';
import {SECRET_NAMES} from '../../../src/secrets/names';
import {expectNoPayload, openSession, ROOT, SAMPLE_KEY, screenshot, view, type Session} from '../../testing/browser';

/**
 * Navigation: every page opens the manifest's view for its viewport with the page's object as `objectContext`, the
 * settings page opens the settings view, users carry their roles, and test and live mode are separate stores.
 * Saves a screenshot of each view for the README.
 */
let session: Session;

beforeAll(async () => {
  session = await openSession({providerPort: 0});
});

afterAll(async () => {
  await session?.close();
});

const keyringViewports = loadApp(ROOT).views.map((v) => v.viewport);

test.each(PAGES.filter((p) => p.object && keyringViewports.includes(p.viewport)).map((p) => [p.id, p]))(
  'the %s page opens its own view with the object, and nothing in the console',
  async (_id, page) => {
    const before = session.consoleShown.length;
    await session.open({page: page.id, user: 'usr_ada'});
    expect(await session.page.locator('[data-viewport]').getAttribute('data-viewport')).toBe(page.viewport);
    await view(session.page).getByText(`(${page.object?.id})`, {exact: false}).waitFor();
    await view(session.page).getByText('Example Cloud API key', {exact: true}).first().waitFor();
    expect(session.consoleShown.slice(before)).toEqual([]);
    await screenshot(session.page, `drawer-${page.id}`);
  },
);

// Every such page picks the default drawer with no object (local/test/dashboard/routing.test.ts proves it for each);
// in the browser, one list page and one detail page whose object Keyring has no view for.
const withoutView = PAGES.filter((p) => !p.bodyOnly && !keyringViewports.includes(p.viewport));
test.each([withoutView.find((p) => !p.object), withoutView.find((p) => p.object)].map((p) => [p?.id, p]))(
  'the %s page, for which Keyring has no view, opens the default drawer without an object',
  async (_id, page) => {
    if (!page) throw new Error('PAGES has no such page');
    await session.open({page: page.id, user: 'usr_ada'});
    expect(await session.page.locator('[data-viewport]').getAttribute('data-viewport')).toBe(
      'stripe.dashboard.drawer.default',
    );
    await view(session.page).getByText('Example Cloud API key', {exact: true}).first().waitFor();
    expect(await session.page.locator('main').innerText()).toContain(page.object?.title ?? page.label);
    if (page.object) expect(await view(session.page).innerText()).not.toContain(page.object.id);
  },
);

test('the settings page opens the settings view; a view-only user gets a role without manage rights', async () => {
  await session.open({page: 'settings', user: 'usr_vic'});
  expect(await session.page.locator('[data-viewport]').getAttribute('data-viewport')).toBe('settings');
  await view(session.page).getByText('Shared with the account: 0 of 10').waitFor();
  await view(session.page)
    .getByText(/Only an Administrator/)
    .waitFor();
  await screenshot(session.page, 'settings-empty-view-only');
});

test('test and live mode are separate stores', async () => {
  const {page} = session;
  await session.open({page: 'home', user: 'usr_dana', mode: 'live'});
  await view(page).getByText('Live mode').waitFor();
  const liveKey = SAMPLE_KEY.replace('ec_test_', 'ec_live_');
  await view(page).getByLabel('Example Cloud API key').pressSequentially(liveKey, {delay: 0});
  await view(page).getByRole('button', {name: 'Save key'}).click();
  await view(page).getByText('Saved', {exact: true}).waitFor();
  await screenshot(page, 'drawer-live-mode');

  // The mode switch in the top bar goes to test mode, where nothing is saved.
  await page.getByRole('switch', {name: 'Test mode'}).click();
  await page.waitForURL(/mode=test/);
  await view(page).getByText('Test mode').waitFor();
  await view(page).getByText('Not saved', {exact: true}).waitFor();
  await expect(
    session.backend.apps.secrets.find({scope: {type: 'account'}, name: SECRET_NAMES.apiKey}),
  ).rejects.toMatchObject({statusCode: 404});
  await expectNoPayload(session, [liveKey]);
});

test('the user menu switches the Dashboard user and keeps the page', async () => {
  const {page} = session;
  await session.open({page: 'invoice', user: 'usr_ada'});
  await page.getByLabel('Dashboard user').selectOption('usr_vic');
  await page.waitForURL(/user=usr_vic/);
  expect(new URL(page.url()).searchParams.get('page')).toBe('invoice');
  await view(page)
    .getByText(/Only an Administrator/)
    .waitFor();
});

/**
 * Holds the page's requests for `pathname` until `until` settles, opens Keyring's drawer, and returns what the console
 * showed meanwhile. A handler still holding a request (a failed run) is left to fail, not waited for.
 */
async function openDrawerHolding(pathname: string, until: Promise<unknown>): Promise<string[]> {
  await session.page.route(
    (url) => url.pathname === pathname,
    async (route) => {
      await until;
      await route.continue();
    },
  );
  const before = session.consoleShown.length;
  try {
    await session.open({page: 'home', user: 'usr_ada'});
    await view(session.page).getByText('Example Cloud API key', {exact: true}).first().waitFor();
    return session.consoleShown.slice(before);
  } finally {
    await session.page.unrouteAll({behavior: 'ignoreErrors'});
  }
}

/** Resolves when the page asks for `pathname`. */
const requested = (pathname: string) =>
  session.page.waitForRequest((request) => new URL(request.url()).pathname === pathname);

test('a views frame still loading when the drawer starts is sent no message it cannot take; the view starts when it loads', async () => {
  // The views frame's document is held until the drawer has started: its first request, for the session, comes
  // right after it met the frame, which is then still on its first, blank document (the page's origin). A message to
  // that document could not be delivered, and Chromium warns of each one.
  expect(await openDrawerHolding('/__dashboard/views', requested('/__dashboard/session'))).toEqual([]);
});

test('a views frame that loaded before the drawer started is asked, and the view starts', async () => {
  // The page's script is held until the views frame has run its own (it then asks for the worker's script): the
  // frame's "ready" went out before anything listened, so the drawer must ask it again.
  expect(await openDrawerHolding('/__dashboard/page.js', requested('/__dashboard/worker.js'))).toEqual([]);
});
