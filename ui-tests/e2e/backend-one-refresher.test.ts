import type {Page} from 'playwright-core';
import {ACCOUNT, ADA} from '../../local/platform/fixtures';
import {createPlatformHost} from '../../local/platform/host';
import {callBackend} from '../../src/backend/request';
import {expectNoPayload, openSession, view, type Session} from '../../local/testing/browser';
import {
  TokenRequests,
  connectAda,
  connectedAs,
  expectOneRefreshGrantAlive,
  expireAccessToken,
  strictProvider,
  watchCheckConnection,
} from './connection-steps';

/**
 * The test of one refresher per connection: under a strict provider (no reuse grace; a reused refresh token
 * ends the whole grant), two pages of the same user (each its own Web Worker, as two tabs) press Check connection and
 * the backend is asked `connection.check` for the same user (as a webhook handler would use the connection), all at
 * the same moment, with an expired access token. The pages do not refresh themselves: they ask the backend, whose
 * single flight makes exactly one refresh at the provider. Everyone stays connected and the grant is alive.
 */
let session: Session;
const tokens = new TokenRequests();

beforeAll(async () => {
  // The token endpoint answers after 300 ms, so every refresh that is sent meets the others there.
  session = await openSession({
    providerPort: 0,
    provider: strictProvider(tokens, 300),
  });
});

afterAll(async () => {
  await session?.close();
});

test('two tabs and a backend check use one expired connection at once: one refresh, all connected', async () => {
  expect(session.dashboard.backend).not.toBeNull();
  const {page} = session;
  await connectAda(session);
  const second = await page.context().newPage();
  await second.goto(page.url());
  await connectedAs(second);

  const before = await expireAccessToken(session);
  const exchanges = (await tokens.once(1)).length; // the code exchange

  // The backend's own use of the connection, signed for Ada by the emulator as the Dashboard signs a view's request.
  const sessionToken = await session.dashboard.emulator.createDashboardSession({
    account: ACCOUNT.id,
    user: ADA.id,
    roles: ADA.roles,
  });
  const host = createPlatformHost({emulatorUrl: session.dashboard.emulator.url, sessionToken});
  const caller = {
    backendUrl: `${session.dashboard.backend?.url}/`,
    mode: 'test' as const,
    userId: ADA.id,
    accountId: ACCOUNT.id,
    roles: ADA.roles,
    fetchSignature: host.rpcs.fetchStripeSignature,
  };

  const pages = [page, second];
  const checking = (p: Page) => view(p).locator('button[data-pending="true"]', {hasText: /^Check connection$/});
  // Each tab's check is seen running, however short: one that finds the backend already refreshed ends at once.
  const ran = await Promise.all(pages.map(watchCheckConnection));
  const [, backendAnswer] = await Promise.all([
    Promise.all(pages.map((p) => view(p).getByRole('button', {name: 'Check connection', exact: true}).click())),
    callBackend<{ok: boolean; who?: {email?: string}}>(caller, 'connection.check'),
  ]);
  await Promise.all(ran.map((wait) => wait()));
  await Promise.all(pages.map((p) => checking(p).waitFor({state: 'detached'})));

  expect(backendAnswer).toMatchObject({ok: true, who: {email: 'ada@example.com'}});
  for (const p of pages) {
    await connectedAs(p);
    expect(
      await view(p)
        .getByText(/Connection problem|revoked or has expired/)
        .count(),
    ).toBe(0);
  }
  const after = await expectOneRefreshGrantAlive(session, tokens, before, exchanges);
  await expectNoPayload(session, [before.access_token, before.refresh_token, after.access_token, after.refresh_token]);
  await second.close();
});
