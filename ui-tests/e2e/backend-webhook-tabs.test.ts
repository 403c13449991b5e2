import type {Page, Request} from 'playwright-core';
import {ACCOUNT} from '../../local/platform/fixtures';
import {expectNoPayload, openSession, view, type Session} from '../../local/testing/browser';
import {
  TokenRequests,
  connectAda,
  connectedAs,
  expectOneRefreshGrantAlive,
  expireAccessToken,
  strictProvider,
} from './connection-steps';

/**
 * Issue 18's last test: two browser tabs and a webhook use one expired connection at once, under a strict provider (no
 * reuse grace; a reused refresh token ends the whole grant), and everyone stays connected. Two pages of the same user
 * (each its own Web Worker, as two tabs) open the drawer at the same moment; the views ask the backend to refresh
 * (`connection.refresh`); while that refresh is at the provider, the Dashboard's *Create a customer* sends
 * `customer.created`, whose handler uses the same connection. The backend's single flight per connection makes it one
 * refresh at the provider.
 */
let session: Session;
const tokens = new TokenRequests();
const dashboardLog: string[] = [];

beforeAll(async () => {
  // The token endpoint answers after 1.5 s, so the refresh the tabs start is still at the provider when the event
  // comes.
  session = await openSession({
    providerPort: 0,
    provider: strictProvider(tokens, 1500),
    log: (line) => dashboardLog.push(line),
  });
});

afterAll(async () => {
  await session?.close();
});

test('two tabs open the drawer and a customer.created event comes, one expired connection: one refresh, all connected', async () => {
  expect(session.dashboard.backend).not.toBeNull();
  const {page} = session;
  await connectAda(session);
  // A signed request names Ada to the backend: from then on its event handlers know her (and no one it was not told).
  await view(page).getByRole('button', {name: 'Check connection from the backend'}).click();
  await view(page).getByText('The backend reached Example Cloud as ada@example.com.').waitFor();
  const drawerUrl = page.url();

  const before = await expireAccessToken(session);
  const exchanges = (await tokens.once(1)).length; // the code exchange

  // The tabs' requests to the backend's refresh, as Chromium sends them from each tab's worker, and their answers.
  const context = page.context();
  const refreshes: Request[] = [];
  const answered = new Set<Request>();
  let bothAsked!: () => void;
  const asked = new Promise<void>((done) => (bothAsked = done));
  context.on('request', (r) => {
    if (r.method() !== 'POST' || !r.url().endsWith('/actions/connection.refresh')) return;
    refreshes.push(r);
    if (refreshes.length === 2) bothAsked();
  });
  context.on('requestfinished', (r) => answered.add(r));

  // Both tabs open the drawer at the same moment; each view finds the token expired and asks the backend.
  const second = await context.newPage();
  const pages = [page, second];
  await Promise.all(pages.map((p) => p.goto(drawerUrl)));
  await Promise.race([
    asked,
    Promise.all(pages.map(connectedAs)).then(() => {
      throw new Error('a tab was connected without asking the backend to refresh: the tabs did not meet');
    }),
  ]);
  // The refresh is at the provider (1.5 s) and no tab has its answer: the merchant creates a customer now.
  expect(refreshes.filter((r) => answered.has(r))).toEqual([]);
  await page.getByRole('group', {name: 'App events'}).getByRole('button', {name: 'Create a customer'}).click();
  const toast = await page.locator('.ld-toast', {hasText: 'Sent customer.created'}).textContent();
  const eventId = /\((evt_[A-Za-z0-9]+)\)/.exec(toast ?? '')?.[1] as string;
  expect(eventId).toMatch(/^evt_/);
  // Delivered to the test endpoint (handled) and the live one (which drops a test event), each answered 200.
  await session.dashboard.emulator.waitForDeliveries(
    (attempts) => attempts.filter((a) => a.event === eventId && a.status === 200).length === 2,
  );

  // The handler used the connection: its outcome, as the backend logged it (never a token). Had the handler or a tab
  // presented the refresh token a second time, the strict provider would have ended the grant: "1 revoked".
  expect(dashboardLog.filter((line) => line.includes(eventId))).toEqual([
    `backend: webhook customer.created ${eventId} ${ACCOUNT.id} test: no API key saved; connections: 1 used`,
  ]);

  // Each tab's check ends, connected or not; both are connected, with no problem shown.
  const ended = (p: Page) =>
    view(p)
      .getByText(/Connected as .*ada@example\.com|Connection problem/)
      .first()
      .waitFor();
  await Promise.all(pages.map(ended));
  for (const p of pages) {
    expect(await view(p).getByText('Connection problem').count()).toBe(0);
    await connectedAs(p);
  }
  expect(refreshes).toHaveLength(2);

  const after = await expectOneRefreshGrantAlive(session, tokens, before, exchanges);
  const secrets = [before.access_token, before.refresh_token, after.access_token, after.refresh_token];
  for (const line of dashboardLog) for (const secret of secrets) expect(line.includes(secret)).toBe(false);
  await expectNoPayload(session, secrets);
  await second.close();
});
