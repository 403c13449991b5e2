import type {Page} from 'playwright-core';
import {expectNoPayload, openSession, view, type Session} from '../../local/testing/browser';
import {connectAda, connectedAs, expireAccessToken, storedTokens, watchCheckConnection} from './connection-steps';

/**
 * Two pages of the same Dashboard user, each running the app in its own Web Worker (as two browser tabs do), press
 * Check connection at the same moment with an expired access token. Each worker refreshes on its own; the provider
 * (with the reuse grace period Keyring recommends, and a token endpoint slow enough that both refreshes meet there)
 * accepts both, and both pages stay connected with a working token set stored.
 */
let session: Session;

beforeAll(async () => {
  session = await openSession({providerPort: 0, provider: {refreshReuseGrace: 10, tokenDelay: 300}});
});

afterAll(async () => {
  await session?.close();
});

test('two pages press Check connection at once with an expired access token: both stay connected', async () => {
  const {page} = session;
  await connectAda(session);

  const second = await page.context().newPage();
  await second.goto(page.url());
  await connectedAs(second);

  const before = await expireAccessToken(session);

  const pages = [page, second];
  const checking = (p: Page) => view(p).locator('button[data-pending="true"]', {hasText: /^Check connection$/});
  // Both checks are seen running (the provider takes 300 ms to answer each refresh), then both end.
  const ran = await Promise.all(pages.map(watchCheckConnection));
  await Promise.all(pages.map((p) => view(p).getByRole('button', {name: 'Check connection', exact: true}).click()));
  await Promise.all(ran.map((wait) => wait()));
  await Promise.all(pages.map((p) => checking(p).waitFor({state: 'detached'})));
  for (const p of pages) {
    await connectedAs(p);
    await view(p).getByText('Connected', {exact: true}).first().waitFor();
    expect(
      await view(p)
        .getByText(/Connection problem|revoked or has expired/)
        .count(),
    ).toBe(0);
  }

  // The newest set is stored and works at the provider: refreshed, not the one that expired.
  const after = await storedTokens(session);
  expect(after.refresh_token).not.toBe(before.refresh_token);
  expect(after.access_expires_at).toBeGreaterThan(Math.floor(Date.now() / 1000));
  const userinfo = await fetch(`${session.dashboard.oauth?.url}/oauth/userinfo`, {
    headers: {Authorization: `Bearer ${after.access_token}`},
  });
  expect(userinfo.status).toBe(200);

  // A reload still knows who the person is, without a press.
  await second.reload();
  await connectedAs(second);
  await expectNoPayload(session, [before.access_token, before.refresh_token, after.access_token, after.refresh_token]);
  await second.close();
});
