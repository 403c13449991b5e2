import {join} from 'node:path';
import {FIXTURES, openSession, type Session} from '../../testing/browser';

/**
 * Props are data, never code: a HOSTILE fixture app (fixtures/hostile-props) attacks the local Dashboard through what
 * its drawer renders and the RPCs it calls. Each attack must stay inside that view: no script runs in the page, a link
 * reaches no window but the Dashboard's tab or a new one without its opener, and a failure shows the one "The view
 * failed" notice while the sidebar, the drawer frame and the well-behaved page module beside it keep working.
 */
let session: Session;

beforeAll(async () => {
  session = await openSession({appDir: join(FIXTURES, 'hostile-props')});
});

afterAll(async () => {
  await session?.close();
});

const drawer = () => session.page.locator('[data-view="HostileDrawer"]');
const bystander = () => session.page.locator('[data-view="BystanderModule"]');

async function openDrawer(): Promise<void> {
  await session.open({page: 'customer', user: 'usr_ada'});
  await drawer().getByText('Hostile drawer').waitFor();
}

/** The rest of the page still works: sidebar, drawer frame, and the other view answers a press. */
async function expectRestOfPageWorks(): Promise<void> {
  const {page} = session;
  expect(await page.locator('.ld-sidebar a').count()).toBeGreaterThan(5);
  await page.locator('.ld-drawer-head').waitFor();
  await bystander().getByRole('button', {name: 'Bystander count 0'}).click();
  await bystander().getByRole('button', {name: 'Bystander count 1'}).waitFor();
}

test('script and data hrefs are dropped with a warning naming the component; a target reaches no other window and hands over no opener', async () => {
  const {page} = session;
  await openDrawer();
  const link = (name: string) => drawer().getByText(name, {exact: true});
  for (const name of ['Script link', 'Mixed-case script link', 'Data link', 'Script button', 'Script sign-in']) {
    expect({name, href: await link(name).getAttribute('href')}).toEqual({
      name,
      href: null,
    });
  }
  expect(await drawer().locator('.sx-external').count()).toBe(0);
  expect(await link('Relative link').getAttribute('href')).toBe('/relative/path?x=1');
  expect(await link('Plain link').getAttribute('target')).toBe('_self');
  expect(await link('Opener link').getAttribute('target')).toBe('_blank');
  expect(await link('Opener link').getAttribute('rel')).toBe('noopener noreferrer');
  // The SDK's `_top` names the Dashboard's own tab, as a plain link does (the page is never framed); a named window,
  // which could be another tab the user has open, is dropped.
  expect(await link('Top button').getAttribute('href')).toBe('https://example.com/top');
  expect(await link('Top button').getAttribute('target')).toBe('_self');
  expect(await link('Named-window button').getAttribute('href')).toBe('https://example.com/named');
  expect(await link('Named-window button').getAttribute('target')).toBeNull();
  expect(await link('Named sign-in').getAttribute('target')).toBeNull();

  await link('Script link').click();
  await link('Script button').click();
  await link('Script sign-in').click();
  expect(await page.evaluate(() => (window as {__hostile?: string}).__hostile)).toBeUndefined();
  const warnings = session.consoleLines.join('\n');
  expect(warnings).toContain('Link: href with javascript: dropped');
  expect(warnings).toContain('Link: href with data: dropped');
  expect(warnings).toContain('Button: href with javascript: dropped');
  expect(warnings).toContain('SignInView primaryAction: href with javascript: dropped');
  expect(warnings).toContain('ContextView externalLink: href with javascript: dropped');
  expect(warnings).toContain('Button: target "dashboard" dropped');
  expect(warnings).toContain('SignInView secondaryAction: target "dashboard" dropped');
  expect(warnings).not.toContain('"_top"');
});

test('remote components named hasOwnProperty, constructor, __proto__ and toString render the placeholder', async () => {
  await openDrawer();
  await drawer().getByRole('button', {name: 'Prototype names'}).click();
  for (const name of ['hasOwnProperty', 'constructor', '__proto__', 'toString']) {
    await drawer().locator(`[data-unsupported="${name}"]`).waitFor();
  }
  await expectRestOfPageWorks();
});

test.each(['Object as Banner title', 'Object as PropertyListItem value', 'Object as DataTable column label'])(
  '%s: the one "The view failed" notice, and the rest of the page works',
  async (attack) => {
    const {page} = session;
    await openDrawer();
    await drawer().getByRole('button', {name: attack, exact: true}).click();
    const notice = page.locator('.ld-drawer [data-notice="error"]');
    await notice.waitFor();
    expect(await notice.count()).toBe(1);
    expect(await notice.innerText()).toMatch(/^The view failed\nA component could not be rendered/);
    expect(await drawer().getByText('Hostile drawer').count()).toBe(0);
    await expectRestOfPageWorks();
  },
);

test.each([
  ['Object toast', "showToast's message must be a string, not an object."],
  ['Object toast type', "showToast's type must be one of success, caution, pending, not an object."],
  ['Object error report', 'reportError takes a string, not an object.'],
])('%s: the call is refused with a clear error to the view, and the page goes on', async (button, why) => {
  const {page} = session;
  await openDrawer();
  await drawer().getByRole('button', {name: button, exact: true}).click();
  await drawer().getByText(`Call refused: The local Dashboard refused the call: ${why}`).waitFor();
  expect(await page.locator('.ld-toast').count()).toBe(0);
  expect(await page.locator('[data-notice]').count()).toBe(0);
  await expectRestOfPageWorks();
});

test('a 20 MB string is cut to what the page renders, with a notice, and the page stays responsive', async () => {
  const {page} = session;
  await openDrawer();
  await drawer().getByRole('button', {name: 'Huge text'}).click();
  const notice = page.locator('.ld-drawer [data-notice="truncated"]');
  await notice.waitFor({timeout: 20_000});
  expect(await notice.innerText()).toBe(
    'Text shortened\nThe view sent a text of 20,971,536 characters; the local Dashboard shows its first 100,000.',
  );
  const shown = await drawer().evaluate((element) => (element.textContent ?? '').length);
  expect(shown).toBeLessThan(110_000);
  expect(await drawer().getByText('END-OF-HUGE-TEXT').count()).toBe(0);
  await expectRestOfPageWorks();
});
