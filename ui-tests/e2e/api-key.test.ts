import {SECRET_NAMES} from '../../src/secrets/names';
import {expectNoPayload, openSession, SAMPLE_KEY, screenshot, view, type Session} from '../../local/testing/browser';

/**
 * The account's API key through the real views in Chromium: an administrator saves it in the drawer, the settings page
 * lists it with its expiry, a view-only user sees it but cannot change it, the administrator deletes it. The key
 * itself never shows up in the page or the console.
 */
let session: Session;

beforeAll(async () => {
  session = await openSession({providerPort: 0});
});

afterAll(async () => {
  await session?.close();
});

function dateInDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

const KEY = {scope: {type: 'account' as const}, name: SECRET_NAMES.apiKey};

// Each test starts from its own state, set through the backend: no key, or one saved as an administrator would.
beforeEach(async () => {
  await session.backend.apps.secrets.deleteWhere(KEY).catch((err: {statusCode?: number}) => {
    if (err.statusCode !== 404) throw err;
  });
});

async function keySaved(): Promise<void> {
  const expiresAt = Math.floor(Date.parse(`${dateInDays(30)}T23:59:59Z`) / 1000);
  await session.backend.apps.secrets.create({...KEY, payload: SAMPLE_KEY, expires_at: expiresAt});
}

test('an administrator saves the API key in the drawer; the settings page lists it with its expiry', async () => {
  const {page} = session;
  await session.open({page: 'home', user: 'usr_ada'});
  const drawer = view(page);
  await drawer.getByText('Not saved').waitFor();
  await screenshot(page, 'drawer-home');

  const expiry = dateInDays(30);
  await drawer.getByLabel('Example Cloud API key').pressSequentially(SAMPLE_KEY, {delay: 0});
  await drawer.getByLabel('Expires on (optional)').fill(expiry);
  await drawer.getByRole('button', {name: 'Save key'}).click();
  await drawer.getByText('Saved', {exact: true}).waitFor();
  await drawer.getByText(/Expires .*\(in 3[01] days\)/).waitFor();
  // The field is cleared once saved: the key is in no attribute either.
  expect(await drawer.getByLabel('Replace Example Cloud API key').inputValue()).toBe('');
  expect(await page.content()).not.toContain(SAMPLE_KEY);
  await screenshot(page, 'drawer-key-saved');

  // What the view sent: the key, in the account scope, expiring at the end of the chosen day (UTC).
  const stored = await session.backend.apps.secrets.find({
    scope: {type: 'account'},
    name: SECRET_NAMES.apiKey,
    expand: ['payload'],
  });
  expect(stored.payload).toBe(SAMPLE_KEY);
  expect(stored.expires_at).toBe(Math.floor(Date.parse(`${expiry}T23:59:59Z`) / 1000));

  await session.open({page: 'settings', user: 'usr_ada'});
  const settings = view(page);
  const row = settings.getByRole('listitem').filter({hasText: 'Example Cloud API key'});
  await row.waitFor();
  await row.getByText(/Expires .*\(in 3[01] days\)/).waitFor();
  await row.getByText('Shared with the account').waitFor();
  await row.getByRole('button', {name: 'Delete'}).waitFor();
  await screenshot(page, 'settings-admin');
  await expectNoPayload(session, [SAMPLE_KEY]);
});

test('the drawer and the settings page open with nothing in the console', async () => {
  // No warning from the Dashboard's checks, React or the browser, and no error: a newcomer's console stays empty.
  // (Which of the views frame and the page's script comes first varies: local/test/e2e/navigation.test.ts tries both.)
  const before = session.consoleShown.length;
  await session.open({page: 'home', user: 'usr_ada'});
  await view(session.page).getByRole('button', {name: 'Connect Example Cloud'}).waitFor();
  await session.open({page: 'settings', user: 'usr_ada'});
  await view(session.page)
    .getByText(/No secrets are saved yet/)
    .waitFor();
  expect(session.consoleShown.slice(before)).toEqual([]);
});

test('a view-only user sees the key but cannot change it', async () => {
  await keySaved();
  const {page} = session;
  await session.open({page: 'settings', user: 'usr_vic'});
  const settings = view(page);
  const row = settings.getByRole('listitem').filter({hasText: 'Example Cloud API key'});
  await row.getByText(/Expires .*\(in 3[01] days\)/).waitFor();
  await settings.getByText(/Only an Administrator, Super Administrator or Developer can change/).waitFor();
  expect(await row.getByRole('button', {name: 'Delete'}).count()).toBe(0);
  expect(await settings.getByLabel(/Example Cloud API key/).count()).toBe(0);
  expect(await settings.getByRole('button', {name: /Replace key|Save key/}).count()).toBe(0);
  await screenshot(page, 'settings-view-only');

  await session.open({page: 'customer', user: 'usr_vic'});
  const drawer = view(page);
  await drawer.getByText('Saved', {exact: true}).waitFor();
  await drawer.getByText(/Only an Administrator, Super Administrator or Developer can change/).waitFor();
  expect(await drawer.getByRole('button', {name: 'Remove key'}).count()).toBe(0);
  await expectNoPayload(session, [SAMPLE_KEY]);
});

test('the administrator deletes the key from the settings page', async () => {
  await keySaved();
  const {page} = session;
  await session.open({page: 'settings', user: 'usr_ada'});
  const settings = view(page);
  const row = settings.getByRole('listitem').filter({hasText: 'Example Cloud API key'});
  await row.getByRole('button', {name: 'Delete'}).click();
  await row.getByRole('button', {name: 'Yes, delete'}).click();
  await settings.getByText(/No secrets are saved yet/).waitFor();
  await expect(session.backend.apps.secrets.find(KEY)).rejects.toMatchObject({statusCode: 404});
  await expectNoPayload(session, [SAMPLE_KEY]);
});

test('typing at full speed keeps every character', async () => {
  const {page} = session;
  await session.open({page: 'home', user: 'usr_ada'});
  const field = view(page).getByLabel('Example Cloud API key');
  const typed = `ec_test_${'aB3dE6gH9jK2mN5pQ8sT1vW4yZ7'.repeat(3)}`;
  await field.pressSequentially(typed, {delay: 0});
  expect(await field.inputValue()).toBe(typed);
  // Every keystroke's echo has come back from the worker (the host counts them): the field must not have fallen
  // back to a stale value on the way.
  await field.and(page.locator('[data-unechoed="0"]')).waitFor();
  expect(await field.inputValue()).toBe(typed);
  // And the view holds exactly what was typed: it is what gets saved.
  await view(page).getByRole('button', {name: 'Save key'}).click();
  await view(page).getByText('Saved', {exact: true}).waitFor();
  const stored = await session.backend.apps.secrets.find({
    scope: {type: 'account'},
    name: SECRET_NAMES.apiKey,
    expand: ['payload'],
  });
  expect(stored.payload).toBe(typed);
  await expectNoPayload(session, [typed]);
});
