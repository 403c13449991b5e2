import type {Page} from 'playwright-core';
import {openSession, view, type Session} from '../../testing/browser';

/**
 * In Chromium, PKCE verifiers wait in localStorage, per Dashboard user and mode, until the provider sends the person
 * back — to whichever tab — and only age clears them: a Ctrl+click on Connect (a new tab, whose sessionStorage is
 * empty) and viewing eleven pages before finishing the sign-in both ended in "state does not match" when they lived in
 * sessionStorage with at most ten kept. Abandoned ones still go after half an hour. That no count limit is left is
 * shown without reloading eleven times: by the store itself (local/test/platform/verifier-store.test.ts, any number
 * of newer verifiers) and below, where 25 recent ones all survive a page load.
 */
let session: Session;

beforeAll(async () => {
  session = await openSession({providerPort: 0});
});
afterAll(async () => {
  await session?.close();
});

const CONNECT_LINK = '[data-view] a[href*="code_challenge="]';

/** The Connect link once the host has issued its state, and that state. */
async function connectLink(page: Page): Promise<{href: string; state: string}> {
  await page.waitForFunction((selector) => !!document.querySelector(selector), CONNECT_LINK);
  const href = (await page.locator(CONNECT_LINK).first().getAttribute('href')) ?? '';
  return {href, state: new URL(href).searchParams.get('state') ?? ''};
}

/** Signs in at the provider as `email` and consents; the provider sends the tab back to the Dashboard. */
async function signIn(page: Page, email: RegExp): Promise<void> {
  await page.waitForURL((url) => url.origin === new URL(session.dashboard.oauth?.url ?? '').origin);
  await page.getByRole('button', {name: email}).click();
  await page.getByRole('button', {name: 'Allow'}).click();
  await page.waitForURL((url) => url.origin === session.dashboard.url && !url.searchParams.has('code'));
}

test('a Ctrl+click on Connect: the sign-in finishes in the new tab, as the user who pressed it', async () => {
  const {page} = session;
  await session.open({page: 'home', user: 'usr_ada'});
  await connectLink(page);
  const [tab] = await Promise.all([
    page.context().waitForEvent('page'),
    view(page)
      .getByRole('button', {name: 'Connect Example Cloud'})
      .click({modifiers: ['Control']}),
  ]);
  expect(await tab.evaluate(() => sessionStorage.length)).toBe(0);
  await signIn(tab, /ada@example\.com/);
  await view(tab)
    .getByText(/Connected as .*ada@example\.com/)
    .waitFor();
  expect(new URL(tab.url()).searchParams.get('user')).toBe('usr_ada');
  expect(
    await view(tab)
      .getByText(/state does not match/i)
      .count(),
  ).toBe(0);
  await tab.close();
});

test('pages viewed after pressing Connect, each with a verifier of its own: the sign-in still finishes', async () => {
  // Without cookies, as a browser of its own: the provider would remember the first test's sign-in.
  const {page} = session;
  await page.context().clearCookies();
  await session.open({page: 'home', user: 'usr_dana'});
  const pressed = await connectLink(page);
  // Each page the person views makes a verifier of its own.
  for (let i = 0; i < 3; i += 1) {
    await page.reload();
    await page.waitForFunction(
      ([selector, state]) =>
        !!document.querySelector(selector) &&
        !document.querySelector(selector)?.getAttribute('href')?.includes(`state=${state}`),
      [CONNECT_LINK, encodeURIComponent(pressed.state)] as const,
    );
  }
  await page.goto(pressed.href);
  await signIn(page, /grace@example\.com/);
  await view(page)
    .getByText(/Connected as .*grace@example\.com/)
    .waitFor();
  expect(
    await view(page)
      .getByText(/state does not match/i)
      .count(),
  ).toBe(0);
});

test('leftover verifiers — stale or unreadable — are gone after the next page load; recent ones all stay', async () => {
  const {page} = session;
  await session.open({page: 'home', user: 'usr_vic'});
  await connectLink(page);
  await page.evaluate(() => {
    const hour = 60 * 60 * 1000;
    for (let i = 0; i < 25; i += 1) {
      // As an older page left them (a bare verifier, or in sessionStorage), an abandoned Connect an hour ago, recent
      // ones.
      localStorage.setItem(`local-dashboard:verifier:usr_vic:test:bare-${i}`, `verifier-${i}`);
      localStorage.setItem(
        `local-dashboard:verifier:usr_ada:live:old-${i}`,
        JSON.stringify({verifier: `v-${i}`, at: Date.now() - hour}),
      );
      sessionStorage.setItem(
        `local-dashboard:verifier:old-${i}`,
        JSON.stringify({verifier: `v-${i}`, at: Date.now() - hour}),
      );
      localStorage.setItem(
        `local-dashboard:verifier:usr_vic:test:recent-${i}`,
        JSON.stringify({verifier: `r-${i}`, at: Date.now() - i * 1000}),
      );
    }
    localStorage.setItem('unrelated', 'kept');
  });
  await page.reload();
  await connectLink(page);
  const keys = await page.evaluate(() => [...Object.keys(localStorage), ...Object.keys(sessionStorage)].sort());
  const verifiers = keys.filter((k) => k.startsWith('local-dashboard:verifier:'));
  expect(verifiers.filter((k) => /:(bare|old)-/.test(k))).toEqual([]);
  expect(verifiers.filter((k) => /:recent-/.test(k))).toHaveLength(25);
  expect(keys).toContain('unrelated');
  expect(keys).toContain('local-dashboard:location');
});
