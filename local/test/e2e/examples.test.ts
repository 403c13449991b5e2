import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import type {Page} from 'playwright-core';
import {EXAMPLES, type Prepared} from '../../examples/catalog';
import {examplesTable, type Measured} from '../../examples/table';
import {bodyViewFor, PAGES, viewFor} from '../../dashboard/navigation';
import {openSession, ROOT, type Session} from '../../testing/browser';

/**
 * Stripe's own example apps under `--app`, as `npm run examples:prepare` extracted and installed them into
 * EXAMPLES_DIR: every view opened on its page (does it build, does it render, which components are placeholders) and
 * each example's main action used. It writes `<dir>/measured.json` and, with EXAMPLES_README=1, local/README.md's
 * table. The examples' sources come from github.com/stripe/stripe-apps, which CI cannot fetch: without EXAMPLES_DIR
 * this suite is skipped, saying so.
 */
const DIR = process.env.EXAMPLES_DIR;

interface Action {
  /** What the action is, for the table. */
  what: string;
  /** Whether it should work here; an action that cannot (no such API in the emulator) is measured, not asserted. */
  expected: boolean;
  run(session: Session): Promise<string>;
}

const view = (page: Page, component?: string) =>
  page.locator(component ? `[data-view="${component}"]` : '[data-view]').first();

const ACTIONS: Record<string, Action> = {
  'secret-store': {
    what: 'create, find, list and delete a secret',
    expected: true,
    async run(session) {
      const {page} = session;
      await session.open({page: 'home', user: 'usr_ada'});
      const app = view(page);
      const section = async (title: string) => {
        await app.locator('summary', {hasText: title}).click();
        return app.locator('details[open]', {hasText: title});
      };
      const set = await section('Set a secret');
      await set.getByLabel('Secret Name').fill('example.token');
      await set.getByLabel('Secret Value').fill('example-value');
      await set.getByRole('button', {name: 'Create'}).click();
      await app.getByText('Created secret example.token').waitFor();
      const get = await section('Get a secret');
      await get.getByLabel('Secret Name').fill('example.token');
      await get.getByRole('button', {name: 'Fetch'}).click();
      await app.getByText("Secret 'example.token' has value: 'example-value'", {exact: false}).waitFor();
      const list = await section('List secrets');
      await list.getByRole('button', {name: 'Fetch'}).click();
      await app.getByText('1 secret(s) found').waitFor();
      const stored = await session.backend.apps.secrets.find({
        scope: {type: 'user', user: 'usr_ada'},
        name: 'example.token',
        expand: ['payload'],
      });
      if (stored.payload !== 'example-value') throw new Error('the emulator does not hold what the view saved');
      const del = await section('Delete a secret');
      await del.getByLabel('Secret Name').fill('example.token');
      await del.getByRole('button', {name: 'Delete'}).click();
      // Stripe's delete response is {id, object, deleted} (no name), so the example logs "Secret 'undefined'".
      await app.getByText(/Secret '.*' has been deleted/).waitFor();
      const after = await session.backend.apps.secrets.list({scope: {type: 'user', user: 'usr_ada'}});
      if (after.data.length) throw new Error('the secret is still in the emulator');
      return 'round trip through the emulator: created, found with its payload, listed (1), deleted';
    },
  },
  'dropbox-oauth-pkce': {
    what: 'check the Secret Store for a token, then offer the PKCE sign-in link',
    expected: true,
    async run(session) {
      const {page} = session;
      await session.open({page: 'home', user: 'usr_ada'});
      const link = view(page).locator('a[href*="dropbox.com"]').first();
      await link.waitFor();
      // The state and challenge arrive from createOAuthState after the first render.
      await page.waitForFunction(() =>
        /code_challenge=[^&]+/.test(document.querySelector('a[href*="dropbox.com"]')?.getAttribute('href') ?? ''),
      );
      const href = new URL((await link.getAttribute('href')) ?? '');
      if (!href.searchParams.get('code_challenge') || !href.searchParams.get('state'))
        throw new Error(`no PKCE challenge in ${href.origin}${href.pathname}`);
      return `sign-in link to ${href.origin}${href.pathname} with an S256 challenge and state from createOAuthState (Dropbox itself is not reachable)`;
    },
  },
  'settings-view': {
    what: 'load and save the settings through its own backend',
    expected: false,
    async run(session) {
      const {page} = session;
      await session.open({page: 'settings', user: 'usr_ada'});
      const notice = page.locator('[data-notice="blocked"]').first();
      await notice.waitFor();
      const text = await notice.innerText();
      return `its fetch to ${/fetch to (\S+)/.exec(text)?.[1] ?? 'its backend'} is blocked: the manifest's connect-src is null (as at Stripe; the backend is not part of the example's UI)`;
    },
  },
  'focus-view': {
    what: 'open the FocusView, type a name, save',
    expected: true,
    async run(session) {
      const {page} = session;
      await session.open({page: 'home', user: 'usr_ada'});
      await view(page).getByRole('button', {name: 'Open'}).click();
      await page.getByLabel('Add a name').fill('Grace Hopper');
      await page.getByRole('button', {name: 'Save'}).click();
      await view(page).getByText('Name: Grace Hopper').waitFor();
      return 'the FocusView opens, keeps the typed name, and Save closes it with the name shown';
    },
  },
  'show-toast': {
    what: 'render a toast',
    expected: true,
    async run(session) {
      const {page} = session;
      await session.open({page: 'home', user: 'usr_ada'});
      await view(page).getByRole('button', {name: 'Render toast'}).click();
      await page.locator('.ld-toast').getByText('Yummy, yummy').waitFor();
      return 'the toast shows with its message and action';
    },
  },
  routing: {
    what: 'open an item, then go back (react-router MemoryRouter)',
    expected: true,
    async run(session) {
      const {page} = session;
      await session.open({page: 'home', user: 'usr_ada'});
      await view(page).getByText('Jeff Bowen').click();
      await view(page).getByText('Details for Jeff Bowen').waitFor();
      await view(page).getByRole('button', {name: 'Back'}).click();
      await view(page).getByText('Select an item').waitFor();
      return 'list → details → back';
    },
  },
  'accessing-contextual-data': {
    what: 'read the page’s object through stripe-node (customers.retrieve …)',
    expected: false,
    async run(session) {
      const {page} = session;
      await session.open({page: 'customer', user: 'usr_ada'});
      await view(page).getByText('Welcome, Ada Admin!').waitFor();
      const requests = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
      const customer = requests.find((url) => url.includes('/v1/customers/'));
      return customer
        ? `renders with objectContext; its ${new URL(customer).pathname} request gets a 404: the emulator has only the Secret Store`
        : 'renders with objectContext; no Stripe request seen';
    },
  },
  'full-page': {
    what: 'open the full page from the home drawer, then a member from its Members tab',
    expected: true,
    async run(session) {
      const {page} = session;
      await session.open({page: 'home', user: 'usr_ada'});
      await view(page).getByRole('button', {name: 'Start rewarding'}).click();
      await page.waitForURL(/page=app/);
      const full = view(page, 'FullPage');
      await full.getByText('Program summary').waitFor();
      await full.getByRole('tab', {name: 'Members'}).click();
      await full.locator('[data-component="DataTable"] tbody tr').first().click();
      await page.waitForURL((url) => (url.searchParams.get('path') ?? '').startsWith('/members/'));
      const path = new URL(page.url()).searchParams.get('path');
      await full.locator('[data-component="DetailPage"]').waitFor();
      return `“Start rewarding” (createAppRoute) opens the full page’s overview; a member row opens ${path} (navigateToAppRoute), a DetailPage`;
    },
  },
};

async function settle(page: Page, component: string): Promise<void> {
  const host = page.locator(`[data-view="${component}"]`).first();
  await host.waitFor({state: 'attached'});
  // Rendered text or a notice, whichever comes first; then a moment for the view's first requests.
  // Text besides placeholders (a view may load its data first), or a notice, whichever comes first.
  await page
    .waitForFunction(
      (name) => {
        const el = document.querySelector(`[data-view="${name}"]`) as HTMLElement | null;
        const text = el
          ? el.innerText.replace(/The local Dashboard does not render \S+( \(\w+\))? yet\.?/g, '').trim()
          : '';
        return text.length > 0 || document.querySelector('[data-notice]');
      },
      component,
      {timeout: 10_000},
    )
    .catch(() => undefined);
  // Then the view's first calls answered (the host counts them in `data-calls`), over two frames in a row so a call
  // made from the effects of what was just rendered is seen too.
  await page
    .waitForFunction(
      (name) =>
        new Promise<boolean>((done) => {
          const idle = () => document.querySelector(`[data-view="${name}"]`)?.getAttribute('data-calls') === '0';
          requestAnimationFrame(() => {
            const first = idle();
            requestAnimationFrame(() => done(first && idle()));
          });
        }),
      component,
      {timeout: 10_000},
    )
    .catch(() => undefined);
}

const measured: Measured[] = [];

(DIR ? describe : describe.skip)(`Stripe's example apps, from ${DIR ?? 'EXAMPLES_DIR (not set)'}`, () => {
  const prepared: Prepared[] =
    DIR && existsSync(join(DIR, 'examples.json'))
      ? (JSON.parse(readFileSync(join(DIR, 'examples.json'), 'utf8')) as Prepared[])
      : [];

  afterAll(() => {
    if (!DIR) return;
    writeFileSync(join(DIR, 'measured.json'), `${JSON.stringify(measured, null, 2)}\n`);
    if (process.env.EXAMPLES_README === '1') {
      const readme = join(ROOT, 'local', 'README.md');
      const text = readFileSync(readme, 'utf8');
      const start = '<!-- examples-table:start -->';
      const end = '<!-- examples-table:end -->';
      const from = text.indexOf(start);
      const to = text.indexOf(end);
      if (from < 0 || to < from) throw new Error('README.md has no examples-table markers');
      writeFileSync(readme, `${text.slice(0, from + start.length)}\n${examplesTable(measured)}\n${text.slice(to)}`);
    }
  });

  test.each(EXAMPLES.map((e) => [e.name]))(
    '%s builds, renders every view on its page, and its main action is measured',
    async (name) => {
      const record = prepared.find((p) => p.name === name);
      const result: Measured = {name, prepared: record, views: [], action: undefined};
      measured.push(result);
      expect(record?.installed).toBe(true);
      if (!record || !DIR) return;
      const session = await openSession({appDir: join(DIR, name)});
      try {
        const {app} = session.dashboard;
        for (const v of app.views) {
          const page = PAGES.find((p) => viewFor(p, app.views)?.view === v || bodyViewFor(p, app.views)?.view === v);
          if (!page) {
            result.views.push({
              component: v.component,
              viewport: v.viewport,
              page: null,
              rendered: false,
              placeholders: [],
              notices: ['no page'],
            });
            continue;
          }
          await session.open({page: page.id, user: 'usr_ada'});
          await settle(session.page, v.component);
          const host = session.page.locator(`[data-view="${v.component}"]`).first();
          const text = await host.innerText().catch(() => '');
          const notices = await session.page
            .locator('[data-notice]')
            .evaluateAll((els) =>
              els.map(
                (el) =>
                  `${el.getAttribute('data-notice')}: ${(el as HTMLElement).innerText.split('\n').slice(1).join(' ').slice(0, 160)}`,
              ),
            );
          const placeholders = [
            ...new Set([...text.matchAll(/does not render (\S+)(?: \(\w+\))? yet/g)].map((m) => m[1])),
          ];
          // Rendered: the view put something on screen besides placeholders, and built. A view's own failing request
          // (an error notice after it rendered) is reported beside it, not counted as not rendering.
          const rendered =
            text.replace(/The local Dashboard does not render \S+( \(\w+\))? yet\.?/g, '').trim().length > 0 &&
            !notices.some((n) => n.startsWith('build:'));
          result.views.push({
            component: v.component,
            viewport: v.viewport,
            page: page.id,
            rendered,
            placeholders,
            notices,
          });
        }
        const action = ACTIONS[name];
        if (action) {
          try {
            result.action = {
              what: action.what,
              expected: action.expected,
              ok: true,
              outcome: await action.run(session),
            };
          } catch (err) {
            result.action = {
              what: action.what,
              expected: action.expected,
              ok: false,
              outcome: err instanceof Error ? err.message.split('\n')[0] : String(err),
            };
          }
        }
      } finally {
        await session.close();
      }
      expect(result.views.filter((v) => !v.rendered)).toEqual([]);
      if (result.action?.expected) expect(result.action).toMatchObject({ok: true});
    },
  );
});

if (!DIR) {
  test.skip("Stripe's example apps: set EXAMPLES_DIR (npm run examples:prepare, then npm run examples:measure)", () =>
    undefined);
}
