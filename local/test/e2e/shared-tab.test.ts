import {blank} from '../../testing/browser-environment';
import {SHARED_TAB, type SharedTab} from '../../testing/chromium';

/**
 * The browser tests share one tab per Jest worker (local/testing/browser-environment.ts); what a file leaves in it
 * must not reach the next file. This file takes that tab, dirties it as a test might, and the cleanup leaves it new.
 */
let tab: SharedTab;
beforeAll(async () => {
  const shared = (globalThis as {[SHARED_TAB]?: () => Promise<SharedTab>})[SHARED_TAB];
  if (!shared) throw new Error('the browser tests run in local/testing/browser-environment.ts, which gives the tab');
  tab = await shared();
});

test('a tab a file leaves behind is made new: one context, one page, blank, no listener or cookie, the long timeout', async () => {
  const {browser, context, page} = tab;
  await page.setContent('<p>left behind</p>');
  await context.newPage();
  const other = await browser.newContext();
  await other.newPage();
  const heard: string[] = [];
  page.on('console', (message) => heard.push(message.text()));
  context.on('page', () => heard.push('a page opened'));
  await context.addCookies([{name: 'left', value: 'behind', domain: '127.0.0.1', path: '/'}]);
  page.setDefaultTimeout(1);

  await blank(tab);

  expect(browser.contexts()).toEqual([context]);
  expect(context.pages()).toEqual([page]);
  expect(page.url()).toBe('about:blank');
  expect(await page.content()).not.toContain('left behind');
  // The file's listeners are gone: nothing hears the next file's console or tabs.
  await page.evaluate(() => console.log('the next file'));
  await (await context.newPage()).close();
  expect(heard).toEqual([]);
  expect(await context.cookies()).toEqual([]);
  // The default timeout is the long one again: a wait of 20 ms, over the 1 ms the file set, no longer fails.
  await expect(
    page.waitForFunction(() => new Promise((done) => setTimeout(() => done(true), 20))),
  ).resolves.toBeTruthy();
});
