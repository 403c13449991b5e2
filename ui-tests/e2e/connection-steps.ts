import type {Page} from 'playwright-core';
import {SECRET_NAMES} from '../../src/secrets/names';
import {view, type Session} from '../../local/testing/browser';

/**
 * Steps the browser tests of one connection share: connect Ada in the drawer, read and expire what the views stored
 * (through the emulator, as a backend would: payloads stay in the test, `expectNoPayload` proves none reached the
 * page), and the provider's token requests as its log reports them.
 */
export const ADA_SCOPE = {type: 'user' as const, user: 'usr_ada'};

export interface StoredTokens {
  access_token: string;
  refresh_token: string;
  access_expires_at: number;
}

export const connectedAs = (page: Page) =>
  view(page)
    .getByText(/Connected as .*ada@example\.com/)
    .waitFor();

/** Ada, on the home page's drawer, connects through the local provider (its sign-in and consent pages). */
export async function connectAda(session: Session): Promise<void> {
  const {page} = session;
  await session.open({page: 'home', user: ADA_SCOPE.user});
  await page.waitForFunction(() => !!document.querySelector('[data-view] a[href*="code_challenge="]'));
  await view(page).getByRole('button', {name: 'Connect Example Cloud'}).click();
  await page.getByRole('button', {name: /ada@example\.com/}).click();
  await page.getByRole('button', {name: 'Allow'}).click();
  await page.waitForURL((url) => url.origin === session.dashboard.url && !url.searchParams.has('code'));
  await connectedAs(page);
}

/**
 * Starts watching the page for its Check connection button showing a check running (`data-pending`), and returns how
 * to wait until it has. The page's own observer sees every change: a check that finds the work already done (another
 * tab or the backend refreshed first) runs for a few milliseconds, less than a locator's poll, which could miss it.
 */
export async function watchCheckConnection(page: Page): Promise<() => Promise<void>> {
  await page.evaluate(() => {
    const running = (node: Node) =>
      node instanceof Element &&
      [node, ...node.querySelectorAll('button')].some(
        (button) => button.matches('button[data-pending="true"]') && button.textContent?.trim() === 'Check connection',
      );
    (window as {checkConnectionRan?: Promise<void>}).checkConnectionRan = new Promise<void>((ran) => {
      const observer = new MutationObserver((records) => {
        if (!records.some((r) => running(r.target) || [...r.addedNodes].some(running))) return;
        observer.disconnect();
        ran();
      });
      observer.observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ['data-pending'],
      });
    });
  });
  return async () => {
    await page.evaluate(() => (window as {checkConnectionRan?: Promise<void>}).checkConnectionRan);
  };
}

export async function storedTokens(session: Session): Promise<StoredTokens> {
  const secret = await session.backend.apps.secrets.find({
    scope: ADA_SCOPE,
    name: SECRET_NAMES.oauth,
    expand: ['payload'],
  });
  return JSON.parse(secret.payload ?? '{}') as StoredTokens;
}

/** The access token runs out: its stored expiry is rewritten to the past (nothing waits for it). Returns the set. */
export async function expireAccessToken(session: Session): Promise<StoredTokens> {
  const before = await storedTokens(session);
  await session.backend.apps.secrets.create({
    scope: ADA_SCOPE,
    name: SECRET_NAMES.oauth,
    payload: JSON.stringify({v: 1, ...before, access_expires_at: Math.floor(Date.now() / 1000) - 10}),
  });
  return before;
}

/** The provider's answers to the token endpoint, from its request log (pass `line` as the provider's `log`). */
export class TokenRequests {
  private readonly lines: string[] = [];
  private readonly waiting: {count: number; done: () => void}[] = [];

  readonly line = (text: string): void => {
    if (!/^POST \/oauth\/token → /.test(text)) return;
    this.lines.push(text);
    for (const w of this.waiting.filter((w) => this.lines.length >= w.count)) w.done();
  };

  /**
   * The log comes over a pipe, a moment after the answers, in order: the lines once at least `count` are in (the test's
   * timeout bounds the wait).
   */
  async once(count: number): Promise<string[]> {
    if (this.lines.length < count) await new Promise<void>((done) => this.waiting.push({count, done}));
    return [...this.lines];
  }
}

/** Asks the provider for a refresh with the stored refresh token: 200 while the grant is alive. */
export async function refreshStatus(session: Session, refreshToken: string): Promise<number> {
  const answer = await fetch(`${session.dashboard.oauth?.url}/oauth/token`, {
    method: 'POST',
    headers: {'Content-Type': 'application/x-www-form-urlencoded'},
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: 'keyring-stripe-app',
    }).toString(),
  });
  return answer.status;
}

/**
 * The strict provider: no reuse grace, and a reused refresh token ends the whole grant. Its token endpoint answers
 * after `tokenDelay` ms, so refreshes sent together meet there; `tokens` reads its log.
 */
export const strictProvider = (tokens: TokenRequests, tokenDelay: number) => ({
  refreshReuseGrace: 0,
  refreshReuse: 'revoke' as const,
  tokenDelay,
  log: tokens.line,
});

/**
 * Exactly one refresh reached the provider since the first `exchanges` token requests, and the grant is alive: the
 * newly stored refresh token still works. Returns the stored set.
 */
export async function expectOneRefreshGrantAlive(
  session: Session,
  tokens: TokenRequests,
  before: StoredTokens,
  exchanges: number,
): Promise<StoredTokens> {
  const after = await storedTokens(session);
  expect(after.refresh_token).not.toBe(before.refresh_token);
  expect(await refreshStatus(session, after.refresh_token)).toBe(200);
  // The log is in order: once this check's own refresh is in, any other refresh made before it is too.
  expect((await tokens.once(exchanges + 2)).slice(exchanges)).toEqual([
    expect.stringMatching(/→ 200/),
    expect.stringMatching(/→ 200/),
  ]);
  return after;
}
