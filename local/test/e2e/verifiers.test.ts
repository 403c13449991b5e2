import {openSession, view, type Session} from '../../testing/browser';

/**
 * In Chromium: the page clears the PKCE verifiers that Connects never finished (they would otherwise pile up in
 * sessionStorage for the life of the tab), and keeps everything else it stores there.
 */
let session: Session;

beforeAll(async () => {
  session = await openSession();
});
afterAll(async () => {
  await session?.close();
});

test('leftover verifiers — stale, unreadable, or too many — are gone after the next page load', async () => {
  const {page} = session;
  await session.open({page: 'home'});
  await view(page).getByText('Example Cloud API key', {exact: true}).first().waitFor();
  await page.evaluate(() => {
    const hour = 60 * 60 * 1000;
    for (let i = 0; i < 25; i += 1) {
      // As an older page left them (a bare verifier), as an abandoned Connect an hour ago left them, and recent ones.
      sessionStorage.setItem(`local-dashboard:verifier:bare-${i}`, `verifier-${i}`);
      sessionStorage.setItem(`local-dashboard:verifier:old-${i}`, JSON.stringify({verifier: `v-${i}`, at: Date.now() - hour}));
      sessionStorage.setItem(`local-dashboard:verifier:recent-${i}`, JSON.stringify({verifier: `r-${i}`, at: Date.now() - i * 1000}));
    }
    sessionStorage.setItem('unrelated', 'kept');
  });
  await page.reload();
  await view(page).getByText('Example Cloud API key', {exact: true}).first().waitFor();
  const keys = await page.evaluate(() => Object.keys(sessionStorage).sort());
  const verifiers = keys.filter((k) => k.startsWith('local-dashboard:verifier:'));
  // The view asks for a state (and so a verifier) each time it opens: those, and the newest recent ones, remain.
  expect(verifiers.length).toBeLessThanOrEqual(10);
  expect(verifiers.filter((k) => /:(bare|old)-/.test(k))).toEqual([]);
  // The newest of the recent ones are those kept.
  expect(verifiers).toContain('local-dashboard:verifier:recent-0');
  expect(keys).toContain('unrelated');
  expect(keys).toContain('local-dashboard:location');
});
