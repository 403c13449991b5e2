import {SECRET_NAMES} from '../../src/secrets/names';
import {expectNoPayload, openSession, screenshot, view, type Session} from '../../local/testing/browser';

/**
 * The whole PKCE flow in Chromium: user A presses Connect in the drawer, signs in on the local provider's login page
 * and consents; the provider redirects to the Dashboard's `/test/apps-oauth/<app id>` route, the host checks the state
 * and hands the view `oauthContext`, the view exchanges the code and stores the tokens in A's user scope. User B is
 * not connected. No token reaches the page text or the console.
 */
let session: Session;

beforeAll(async () => {
  session = await openSession({providerPort: 0});
});

afterAll(async () => {
  await session?.close();
});

test('user A connects through the provider login page; the tokens land in A’s scope only', async () => {
  expect(session.dashboard.oauth).not.toBeNull();
  const {page} = session;
  await session.open({page: 'customer', user: 'usr_ada'});
  const drawer = view(page);
  await drawer.getByText('Not connected', {exact: true}).first().waitFor();
  const connect = drawer.getByRole('button', {name: 'Connect Example Cloud'});
  await connect.waitFor();
  // The link is ready once the host has issued a state and an S256 challenge.
  await page.waitForFunction(() => !!document.querySelector('[data-view] a[href*="code_challenge="]'));
  const href = (await connect.getAttribute('href')) ?? '';
  const authorize = new URL(href);
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(authorize.searchParams.get('redirect_uri')).toBe(
    `${session.dashboard.url}/test/apps-oauth/com.keyring.credentials`,
  );

  await connect.click();
  await page.waitForURL((url) => url.origin === new URL(session.dashboard.oauth?.url ?? '').origin);
  await page.getByRole('button', {name: /ada@example\.com/}).click();
  await page.getByRole('button', {name: 'Allow'}).click();

  // Back on the Dashboard, the customer page again, with the code gone from the address bar.
  await page.waitForURL((url) => url.origin === session.dashboard.url && url.searchParams.get('page') === 'customer');
  expect(page.url()).not.toContain('code=');
  const back = view(page);
  await back.getByText('Connected', {exact: true}).first().waitFor();
  await back.getByText(/Connected as .*ada@example\.com/).waitFor();
  await screenshot(page, 'drawer-connected');

  const stored = await session.backend.apps.secrets.find({
    scope: {type: 'user', user: 'usr_ada'},
    name: SECRET_NAMES.oauth,
    expand: ['payload'],
  });
  const tokens = JSON.parse(stored.payload ?? '{}') as {access_token?: string; refresh_token?: string};
  expect(tokens.access_token).toEqual(expect.any(String));
  expect(tokens.refresh_token).toEqual(expect.any(String));
  await expect(
    session.backend.apps.secrets.find({scope: {type: 'user', user: 'usr_vic'}, name: SECRET_NAMES.oauth}),
  ).rejects.toMatchObject({statusCode: 404});
  await expectNoPayload(session, [tokens.access_token ?? '', tokens.refresh_token ?? '']);

  // User B, same account, same mode: not connected.
  await session.open({page: 'customer', user: 'usr_vic'});
  const other = view(page);
  await other.getByText('Not connected', {exact: true}).first().waitFor();
  await other.getByRole('button', {name: 'Connect Example Cloud'}).waitFor();

  // Live mode is another store: A is not connected there either.
  await session.open({page: 'home', user: 'usr_ada', mode: 'live'});
  await view(page).getByText('Live mode').waitFor();
  await view(page).getByText('Not connected', {exact: true}).first().waitFor();
  await expectNoPayload(session, [tokens.access_token ?? '', tokens.refresh_token ?? '']);
});
