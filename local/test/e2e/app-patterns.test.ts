import {join} from 'node:path';
import {fixtureApp, OLD_PACKAGES, type FixtureApp} from './fixture-apps';
import {FIXTURES, openSession, view, type Session} from '../../testing/browser';

/**
 * Patterns from Stripe's own example apps, each reproduced by a fixture app written here and opened with `--app`:
 * the CommonJS SDK 8, stripe-node 9 in a view, a full-page app with routes, and a settings view under the SDK's router.
 * Each test opens the app and uses its main action.
 */

async function withApp(app: FixtureApp, run: (session: Session) => Promise<void>): Promise<void> {
  const session = await openSession({appDir: app.dir});
  try {
    await run(session);
  } finally {
    await session.close();
    app.remove();
  }
}

test('a CommonJS SDK 8 app renders with one remote-ui and its button works', async () => {
  await withApp(fixtureApp('sdk8-cjs', OLD_PACKAGES.sdk8), async (session) => {
    const {page} = session;
    await session.open({page: 'home', user: 'usr_dana'});
    await view(page).getByText('Signed in as Dana Developer').waitFor();
    await view(page).getByText('Pressed 0 times').waitFor();
    await view(page).getByRole('button', {name: 'Count'}).click();
    await view(page).getByText('Pressed 1 times').waitFor();
    const toast = page.locator('.ld-toast[data-type="success"]', {hasText: 'Counted with SDK 8'});
    await toast.waitFor();
    // An action toast: its callback crosses back into the view.
    await toast.getByRole('button', {name: 'Undo'}).click();
    await view(page).getByText('Pressed 0 times').waitFor();
    expect(await page.locator('[data-notice]').count()).toBe(0);
    expect(session.consoleLines.filter((line) => /remote-ui|View error/.test(line))).toEqual([]);
  });
});

test('a view bundling stripe-node 9 builds and round-trips a secret through the emulator', async () => {
  await withApp(fixtureApp('stripe9-secrets', OLD_PACKAGES.stripe9), async (session) => {
    const {page} = session;
    await session.open({page: 'home', user: 'usr_ada'});
    await view(page).getByLabel('Name').fill('fixture.note');
    await view(page).getByLabel('Note').fill('remember the milk');
    await view(page).getByRole('button', {name: 'Save note'}).click();
    await view(page).getByText('Saved; the scope holds fixture.note').waitFor();
    // What stripe-node 9 sent is what the emulator stored, in Ada's own scope.
    const stored = await session.backend.apps.secrets.find({
      scope: {type: 'user', user: 'usr_ada'},
      name: 'fixture.note',
      expand: ['payload'],
    });
    expect(stored.payload).toBe('remember the milk');
    expect(await page.locator('[data-notice]').count()).toBe(0);
  });
});

describe('a full-page app with routes, and a settings view under the router', () => {
  let session: Session;
  beforeAll(async () => {
    session = await openSession({appDir: join(FIXTURES, 'routed')});
  });
  afterAll(async () => {
    await session?.close();
  });
  const search = () => new URL(session.page.url()).searchParams;

  test('the home drawer opens the full page; its routes move the address, back returns, a Dashboard route leaves', async () => {
    const {page} = session;
    await session.open({page: 'home', user: 'usr_ada'});
    expect(await page.locator('[data-viewport]').getAttribute('data-viewport')).toBe('stripe.dashboard.home.overview');
    await view(page).getByRole('button', {name: 'Open the full page'}).click();
    await page.waitForURL(/page=app/);
    expect(search().get('path')).toBe('/');
    await view(page).getByText('Members', {exact: true}).waitFor();

    await view(page).getByRole('button', {name: 'Open Ada'}).click();
    await view(page).getByText('Member mem_ada').waitFor();
    expect(search().get('path')).toBe('/members/mem_ada');

    await page.goBack();
    await view(page).getByText('Members', {exact: true}).waitFor();
    expect(search().get('path')).toBe('/');

    // A full-page route opened directly, then navigateToDashboardRoute to a customer the route names.
    await session.page.goto(`${session.dashboard.url}/?page=app&user=usr_ada&mode=test&path=/members/mem_7`);
    await view(page).getByText('Member mem_7').waitFor();
    await view(page).getByRole('button', {name: 'Open the customer'}).click();
    await page.waitForURL(/page=customer/);
    expect(search().get('id')).toBe('cus_Fixture1');
    await page.locator('main').getByText('cus_Fixture1', {exact: true}).waitFor();
    expect(await page.locator('[data-notice]').count()).toBe(0);
  });

  test('an unknown full-page route redirects to the one the app names', async () => {
    const {page} = session;
    await session.page.goto(`${session.dashboard.url}/?page=app&user=usr_ada&mode=test&path=/no/such/route`);
    await view(page).getByText('Members', {exact: true}).waitFor();
    await page.waitForURL((url) => url.searchParams.get('path') === '/');
  });

  test('a page module renders in the customer page with the object a route named; onboarding takes its own page', async () => {
    const {page} = session;
    await session.page.goto(`${session.dashboard.url}/?page=customer&user=usr_ada&mode=test&id=cus_Module7`);
    await page
      .locator('main [data-viewport="stripe.dashboard.customer.detail.page-module"]')
      .getByText('Module for cus_Module7')
      .waitFor();
    // No customer drawer in this app: the drawer falls back to none (no default drawer either).
    await page.getByText('This app has no view for this page.').waitFor();

    await page.getByRole('navigation', {name: 'Pages'}).getByRole('link', {name: 'Routed: Onboarding'}).click();
    await page.waitForURL(/page=onboarding/);
    await view(page).getByText('Welcome to Routed').waitFor();
    expect(await page.locator('aside').count()).toBe(0);
    await view(page).getByRole('button', {name: 'Finish onboarding'}).click();
    await page.waitForURL(/page=app/);
    await view(page).getByText('Members', {exact: true}).waitFor();
  });

  test('the settings view renders under the router and its link opens a full-page route', async () => {
    const {page} = session;
    await session.open({page: 'settings', user: 'usr_ada'});
    await view(page).getByRole('link', {name: 'Open the member page'}).click();
    await page.waitForURL(/page=app/);
    expect(search().get('path')).toBe('/members/mem_settings');
    await view(page).getByText('Member mem_settings').waitFor();
    expect(session.consoleLines.some((line) => line.includes('ExtensionRouter is not found'))).toBe(false);
  });
});
