import {SECRET_NAMES} from '../../src/secrets/names';
import {expectNoPayload, openSession, SAMPLE_KEY, screenshot, view, type Session} from '../../local/testing/browser';

/**
 * *Test from the backend* in the drawer, in Chromium against the local Dashboard and the backend `npm start` runs: the
 * view signs a request (the Dashboard signs it through the emulator), the backend verifies it, reads the saved
 * credentials and calls the provider; the drawer shows its answer in words. Never a token or the key on the page.
 */
let session: Session;

beforeAll(async () => {
  session = await openSession({providerPort: 0});
});

afterAll(async () => {
  await session?.close();
});

const CHECK_CONNECTION = 'Check connection from the backend';
const CHECK_KEY = 'Check the API key from the backend';

test('connected with a key saved: both checks answer from the backend; a refused key and a view-only user too', async () => {
  expect(session.dashboard.backend).not.toBeNull();
  const {page} = session;
  await session.open({page: 'home', user: 'usr_ada'});
  const drawer = view(page);
  await drawer.getByText('Not saved').waitFor();
  // Nothing to test from the backend yet: not connected, no key.
  expect(await drawer.getByRole('button', {name: CHECK_CONNECTION}).count()).toBe(0);
  expect(await drawer.getByRole('button', {name: CHECK_KEY}).count()).toBe(0);

  await page.waitForFunction(() => !!document.querySelector('[data-view] a[href*="code_challenge="]'));
  await drawer.getByRole('button', {name: 'Connect Example Cloud'}).click();
  await page.getByRole('button', {name: /ada@example\.com/}).click();
  await page.getByRole('button', {name: 'Allow'}).click();
  await page.waitForURL((url) => url.origin === session.dashboard.url && !url.searchParams.has('code'));
  const back = view(page);
  await back.getByText(/Connected as .*ada@example\.com/).waitFor();

  await back.getByRole('button', {name: CHECK_CONNECTION}).click();
  await back.getByText('The backend reached Example Cloud as ada@example.com.').waitFor();

  // The key, saved as an administrator saves it in the drawer.
  await back.getByLabel('Example Cloud API key').pressSequentially(SAMPLE_KEY, {delay: 0});
  await back.getByRole('button', {name: 'Save key'}).click();
  await back.getByText('Saved', {exact: true}).waitFor();
  await back.getByRole('button', {name: CHECK_KEY}).click();
  await back.getByText('Example Cloud accepted the Example Cloud API key the backend sent.').waitFor();
  await back.getByText('Example Cloud accepted the Example Cloud API key the backend sent.').scrollIntoViewIfNeeded();
  await screenshot(page, 'drawer-backend-checks');

  // The third party stops accepting the key (as a revoked key does): the answer says so, in words.
  const refusal = await fetch(`${session.dashboard.oauth?.url}/api/key-check/refused`, {
    method: 'POST',
    headers: {Authorization: `Bearer ${SAMPLE_KEY}`},
  });
  expect(refusal.ok).toBe(true);
  await back.getByRole('button', {name: CHECK_KEY}).click();
  await back.getByText('Example Cloud refused the Example Cloud API key the backend sent.').waitFor();

  // The connection gone from the store (removed elsewhere): the backend's reason, in the views' words.
  await session.backend.apps.secrets.deleteWhere({scope: {type: 'user', user: 'usr_ada'}, name: SECRET_NAMES.oauth});
  await back.getByRole('button', {name: CHECK_CONNECTION}).click();
  await back.getByText('From the backend: You are not connected.').waitFor();

  const text = await page.evaluate(() => document.body.innerText);
  expect(text).not.toContain(SAMPLE_KEY);
  await expectNoPayload(session, [SAMPLE_KEY]);

  // A view-only user: the key is saved, but the check is for the roles that manage it; not connected either.
  await session.open({page: 'home', user: 'usr_vic'});
  const vic = view(page);
  await vic.getByText('Not connected', {exact: true}).first().waitFor();
  await vic.getByText(/Saved/).first().waitFor();
  expect(await vic.getByRole('button', {name: CHECK_KEY}).count()).toBe(0);
  expect(await vic.getByRole('button', {name: CHECK_CONNECTION}).count()).toBe(0);
});
