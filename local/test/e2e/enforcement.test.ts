import {cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {keyringWithoutSecretWrite, type FixtureApp} from './fixture-apps';
import {FIXTURES, openSession, screenshot, view, type Session} from '../../testing/browser';

/**
 * What Stripe enforces and `stripe apps start` does not (stripe/stripe-apps #724), previewed with `--app` on small
 * fixture projects: a manifest without `secret_write` gets Stripe's refusal; a fetch outside `connect-src` is blocked
 * with a message naming the entry to add. Also: an unknown component shows a placeholder, and a source change rebuilds
 * and reloads the view.
 */

describe('a manifest without secret_write', () => {
  let session: Session;
  let app: FixtureApp;
  beforeAll(async () => {
    app = keyringWithoutSecretWrite();
    session = await openSession({appDir: app.dir});
  });
  afterAll(async () => {
    await session?.close();
    app?.remove();
  });

  test('every Secret Store call fails as it would at Stripe, and the page says which permission is missing', async () => {
    expect(session.dashboard.app.permissions).toEqual([]);
    const {page} = session;
    await session.open({page: 'home', user: 'usr_ada'});
    // Keyring's own drawer shows its error; the page names the missing permission.
    await view(page).getByText('Something went wrong').waitFor();
    await view(page)
      .getByText(/Having the 'secret_write' permission would allow this request to continue/)
      .waitFor();
    await screenshot(page, 'drawer-no-secret-write');
    const notice = page.locator('[data-notice="permission"]');
    await notice.waitFor();
    expect(await notice.innerText()).toMatch(/Stripe refused GET \/v1\/apps\/secrets: .*'secret_write' permission/);
    expect(session.consoleLines.some((line) => line.includes('Add {"permission": "secret_write"'))).toBe(true);
  });
});

describe('another app, previewed with --app', () => {
  let session: Session;
  beforeAll(async () => {
    session = await openSession({appDir: join(FIXTURES, 'fetcher')});
  });
  afterAll(async () => {
    await session?.close();
  });

  test('renders from its own manifest, with a placeholder for a component the host does not know', async () => {
    const {page} = session;
    await session.open({page: 'customer', user: 'usr_ada'});
    // No customer view: the default drawer opens, without an object.
    expect(await page.locator('[data-viewport]').getAttribute('data-viewport')).toBe('stripe.dashboard.drawer.default');
    await view(page).getByText('Fetcher', {exact: true}).waitFor();
    await view(page)
      .getByText(/does not render MysteryWidget yet/)
      .waitFor();
  });

  test('showToast shows a toast', async () => {
    const {page} = session;
    await session.open({page: 'home', user: 'usr_ada'});
    await view(page).getByRole('button', {name: 'Show a toast'}).click();
    await page.locator('.ld-toast[data-type="success"]').getByText('Fetcher says hello').waitFor();
  });

  test('a fetch inside connect-src goes through; one outside it is blocked with the entry to add', async () => {
    const {page} = session;
    await session.open({page: 'home', user: 'usr_ada'});
    await view(page).getByRole('button', {name: 'Call the allowed URL'}).click();
    await view(page).getByText('HTTP 204').waitFor();

    await view(page).getByRole('button', {name: 'Call another API'}).click();
    await view(page)
      .getByText(/^Failed: Blocked by the app's Content Security Policy/)
      .waitFor();
    const notice = page.locator('[data-notice="blocked"]');
    await notice.waitFor();
    await screenshot(page, 'drawer-connect-src-blocked');
    const text = await notice.innerText();
    expect(text).toContain('fetch to https://api.other.example/v2/ping is not allowed by connect-src');
    expect(text).toContain('Add "https://api.other.example/v2/"');
    // The query string (it could hold a credential) is never repeated.
    expect(text).not.toContain('not-for-the-page');
    expect(session.consoleLines.some((line) => line.includes('not-for-the-page'))).toBe(false);
  });
});

describe('watching the sources', () => {
  // Each test edits its own copy of the fixture in its own Dashboard, so it runs the same alone or after the others.
  let session: Session;
  let dir: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'local-dashboard-app-'));
    cpSync(join(FIXTURES, 'fetcher'), dir, {recursive: true});
    session = await openSession({appDir: dir, watch: true});
    await session.open({page: 'home', user: 'usr_ada'});
    await view(session.page).getByText('Checks connect-src').waitFor();
  });
  afterEach(async () => {
    await session?.close();
    rmSync(dir, {recursive: true, force: true});
  });

  test('a changed view is rebuilt and the page reloads with it', async () => {
    const {page} = session;
    const file = join(dir, 'src', 'views', 'FetchDrawer.tsx');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('description="Checks connect-src"', 'description="Edited while running"'),
    );
    await view(page).getByText('Edited while running').waitFor({timeout: 20_000});
  });

  test('a build error is shown until the file is fixed', async () => {
    const {page} = session;
    const file = join(dir, 'src', 'views', 'FetchDrawer.tsx');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good.replace('return (', 'return (('));
    const notice = page.locator('[data-notice="build"]');
    await notice.waitFor({timeout: 20_000});
    expect(await notice.innerText()).toContain('FetchDrawer.tsx');
    writeFileSync(file, good.replace('description="Checks connect-src"', 'description="Fixed again"'));
    await view(page).getByText('Fixed again').waitFor({timeout: 20_000});
    expect(await page.locator('[data-notice="build"]').count()).toBe(0);
  });

  test('a manifest change reloads the project and the page', async () => {
    const {page} = session;
    const file = join(dir, 'stripe-app.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"name": "Fetcher"', '"name": "Fetcher Renamed"'));
    await page.locator('.ld-drawer-name').getByText('Fetcher Renamed').waitFor({timeout: 20_000});
  });
});
