import AppSettings from '../../src/views/AppSettings';
import {Screen} from '../support/screen';
import {ADA, startTestDashboard, VIC, type TestDashboard} from '../support/dashboard';

const DAY = 86_400;
let dashboard: TestDashboard;
let screen: Screen | undefined;
beforeEach(async () => {
  dashboard = await startTestDashboard();
});
afterEach(async () => {
  jest.useRealTimers();
  // Whatever a test did, no seeded payload ever reached the page.
  if (screen) expect(screen.allText()).not.toMatch(/payload-of-/);
  screen?.unmount();
  screen = undefined;
  await dashboard.close();
});

const now = () => Math.floor(Date.now() / 1000);

async function seed(name: string, scope: {type: 'account'} | {type: 'user'; user: string}, expiresAt?: number) {
  await dashboard.backend.apps.secrets.create({
    name,
    payload: `payload-of-${name}`,
    scope,
    ...(expiresAt ? {expires_at: expiresAt} : {}),
  });
}

async function openSettings(): Promise<Screen> {
  screen = new Screen(<AppSettings {...dashboard.context({viewportID: 'settings'})} />);
  const view = screen;
  await view.until(() => expect(view.allText()).toMatch(/Shared with the account: \d+ of 10/));
  return view;
}

/** Row titles in display order. */
function rows(view: Screen): string[] {
  return view
    .elements()
    .filter((e) => e.type === 'ListItem')
    .map((e) => e.text.split(/Created/)[0]);
}

describe('the settings page', () => {
  it('lists both scopes with two requests sent together, no payload, and never shows another user’s secrets', async () => {
    await seed('keyring.api_key', {type: 'account'});
    await seed('keyring.oauth', {type: 'user', user: ADA.id});
    await seed('keyring.oauth', {type: 'user', user: VIC.id});
    await seed('vic.private', {type: 'user', user: VIC.id});
    const view = await openSettings();
    expect(dashboard.host.requests.map((r) => r.method)).toEqual(['GET', 'GET']);
    expect(dashboard.host.requests.some((r) => r.path.includes('payload'))).toBe(false);
    const text = view.allText();
    expect(text).toMatch(/Example Cloud API key/);
    expect(text).toMatch(/Your Example Cloud connection/);
    expect(text).not.toMatch(/vic\.private/);
    expect(text).toMatch(/Shared with the account: 1 of 10/);
    expect(text).toMatch(/Only you: 1 of 10/);
    expect(text).not.toMatch(/payload-of-/);
    expect(rows(view)).toHaveLength(2);
  });

  it('shows labels, raw names, scope badges, expiry absolute and relative, the warning window, and sorts by soonest expiry', async () => {
    await seed('zeta.never', {type: 'account'});
    await seed('alpha.never', {type: 'account'});
    await seed('far.away', {type: 'account'}, now() + 90 * DAY);
    await seed('keyring.api_key', {type: 'account'}, now() + 3 * DAY);
    await seed('keyring.oauth', {type: 'user', user: ADA.id}, now() + 20 * DAY);
    const view = await openSettings();
    expect(rows(view)).toEqual([
      expect.stringMatching(/^Example Cloud API key/),
      expect.stringMatching(/^Your Example Cloud connection/),
      expect.stringMatching(/^far\.away/),
      expect.stringMatching(/^alpha\.never/),
      expect.stringMatching(/^zeta\.never/),
    ]);
    const items = view.elements().filter((e) => e.type === 'ListItem');
    expect(items[0].text).toMatch(/keyring\.api_key/);
    expect(items[0].text).toMatch(/Expires .* \(in 3 days\)/);
    expect(items[0].text).toMatch(/Shared with the account/);
    expect(items[0].text).toMatch(/Expires soon/);
    expect(items[1].text).toMatch(/Only you/);
    expect(items[1].text).not.toMatch(/Expires soon/);
    expect(items[2].text).toMatch(/Not managed by Keyring/);
    expect(items[3].text).toMatch(/Never expires/);
  });

  it('the warning window comes from the manifest constants', async () => {
    await seed('keyring.api_key', {type: 'account'}, now() + 20 * DAY);
    const context = dashboard.context({viewportID: 'settings'});
    context.environment.constants = {...(context.environment.constants as object), expiryWarningDays: 30};
    screen = new Screen(<AppSettings {...context} />);
    const view = screen;
    await view.until(() => expect(view.allText()).toMatch(/Expires soon/));
  });

  it('a secret whose moment passes while the page is open shows as expired', async () => {
    await seed('short.lived', {type: 'account'}, now() + 2);
    const view = await openSettings();
    expect(view.allText()).not.toMatch(/Expired/);
    await view.until(() => expect(view.allText()).toMatch(/Expired/), 6000);
    const item = view.elements().find((e) => e.type === 'ListItem');
    expect(item?.text).toMatch(/Expired .*\((now|.* ago)\)/);
  });

  it('deletes after confirmation', async () => {
    await seed('old.token', {type: 'account'});
    const view = await openSettings();
    await view.press('Delete');
    expect(view.allText()).toMatch(/Delete “old\.token”\? This can’t be undone/);
    await view.press('Yes, delete');
    await view.until(() => expect(view.allText()).toMatch(/No secrets are saved yet/));
    const left = await dashboard.backend.apps.secrets.list({scope: {type: 'account'}});
    expect(left.data).toEqual([]);
  });

  it('a view-only user may delete their own secrets but not the account’s', async () => {
    await seed('shared.thing', {type: 'account'});
    await seed('mine.thing', {type: 'user', user: VIC.id});
    await dashboard.signIn(VIC);
    const view = await openSettings();
    const items = view.elements().filter((e) => e.type === 'ListItem');
    expect(items).toHaveLength(2);
    expect(view.allText()).toMatch(
      /Only an Administrator, Super Administrator or Developer can change the account’s secrets/,
    );
    expect(view.buttons().filter((b) => b.text === 'Delete')).toHaveLength(1);
    await view.press('Delete');
    await view.press('Yes, delete');
    await view.until(() => expect(view.allText()).toMatch(/Only you: 0 of 10/));
    expect((await dashboard.backend.apps.secrets.list({scope: {type: 'account'}})).data).toHaveLength(1);
  });

  it('the API key is one row with one Delete: no second section, no second way to remove it', async () => {
    await seed('keyring.api_key', {type: 'account'});
    const view = await openSettings();
    expect(rows(view)).toEqual([expect.stringMatching(/^Example Cloud API key/)]);
    expect(view.buttons().map((b) => b.text)).toEqual(['Refresh', 'Delete']);
    expect(view.allText()).not.toMatch(/can change the account’s secrets/);
    expect(view.elements().filter((e) => e.type === 'TextField')).toEqual([]);
    await view.press('Delete');
    expect(view.allText()).toMatch(/Delete “Example Cloud API key”\? This can’t be undone/);
    await view.press('Yes, delete');
    await view.until(() => expect(view.allText()).toMatch(/No secrets are saved yet/));
    expect((await dashboard.backend.apps.secrets.list({scope: {type: 'account'}})).data).toEqual([]);
  });

  it('shows usage against the limit with a warning near it', async () => {
    for (let i = 0; i < 9; i += 1) await seed(`backend.${i}`, {type: 'account'});
    const view = await openSettings();
    expect(view.allText()).toMatch(/Shared with the account: 9 of 10/);
    expect(view.allText()).toMatch(/Nearly full/);
  });

  it('shows an empty state, then the new secret after Refresh', async () => {
    const view = await openSettings();
    expect(view.allText()).toMatch(/No secrets are saved yet/);
    await seed('later.one', {type: 'account'});
    await view.press('Refresh');
    await view.until(() => expect(rows(view)).toEqual([expect.stringMatching(/^later\.one/)]));
  });

  it('a failing list shows the shared error and recovers', async () => {
    dashboard.emulator.injectFault({status: 429, times: 2});
    screen = new Screen(<AppSettings {...dashboard.context({viewportID: 'settings'})} />);
    const view = screen;
    await view.until(() => expect(view.allText()).toMatch(/too many requests/i));
    await view.press('Try again');
    await view.until(() => expect(view.allText()).toMatch(/No secrets are saved yet/));
  });

  it('a failing delete is explained and the secret stays', async () => {
    await seed('old.token', {type: 'account'});
    const view = await openSettings();
    await view.press('Delete');
    dashboard.emulator.injectFault({status: 500, times: 1, path: '/v1/apps/secrets/delete'});
    await view.press('Yes, delete');
    await view.until(() => expect(view.allText()).toMatch(/Couldn’t delete: Couldn’t reach Stripe/));
    expect((await dashboard.backend.apps.secrets.list({scope: {type: 'account'}})).data).toHaveLength(1);
  });
});
