import {randomBytes} from 'node:crypto';
import type {RunningEmulator} from '../../emulator';
import {ACCOUNT, MODES, USERS, type Mode} from '../navigation';

/**
 * The page's Dashboard sessions (`/__dashboard/session?user=…&mode=…`): one per user and mode, made by the emulator
 * with the manifest's permissions (as Stripe grants them at install) and the user's roles, kept until the manifest
 * changes.
 *
 * A session is handed only to the page that shows that user and mode: each page the server renders gets a token of its
 * own (in its config), bound to the user and mode in its address. An OAuth return's address names the mode only; its
 * page is bound to the first user it asks for (the one it restored), and to no other after that.
 */
export interface Sessions {
  /** A token for a page just rendered that shows `user` (undefined: not yet known) in `mode`. */
  issuePage(user: string | undefined, mode: Mode): string;
  /** The answer to the page's request: a token for its own user and mode, 403 for another page's, else 400. */
  answer(
    params: URLSearchParams,
    pageToken: string | undefined,
  ): Promise<{status: number; body: {token: string} | {error: string}}>;
  /** Forgets every session: the next request makes one with the manifest's permissions as they are now. */
  reset(): void;
}

/** Pages kept: enough for every tab someone has open; the oldest go first. */
const MAX_PAGES = 500;

export function createSessions(
  emulator: Pick<RunningEmulator, 'createDashboardSession'>,
  permissions: () => string[],
): Sessions {
  let tokens = new Map<string, Promise<string>>();
  const pages = new Map<string, {user: string | undefined; mode: Mode}>();
  const token = (user: string, mode: Mode) => {
    const key = `${user}:${mode}`;
    let made = tokens.get(key);
    if (!made) {
      // The session carries the user's roles, so the emulator signs `stripe_roles` only for roles the user holds.
      const roles = USERS.find((u) => u.id === user)?.roles ?? [];
      made = emulator.createDashboardSession({
        account: ACCOUNT.id,
        user,
        livemode: mode === 'live',
        permissions: permissions(),
        roles,
      });
      tokens.set(key, made);
    }
    return made;
  };
  return {
    issuePage(user, mode) {
      const pageToken = randomBytes(24).toString('base64url');
      pages.set(pageToken, {user, mode});
      while (pages.size > MAX_PAGES) pages.delete(pages.keys().next().value as string);
      return pageToken;
    },
    async answer(params, pageToken) {
      const user = params.get('user') ?? '';
      const mode = params.get('mode') as Mode;
      if (!USERS.some((u) => u.id === user) || !MODES.includes(mode))
        return {status: 400, body: {error: 'unknown user or mode'}};
      const page = pageToken === undefined ? undefined : pages.get(pageToken);
      if (!page || page.mode !== mode || (page.user !== undefined && page.user !== user)) {
        return {status: 403, body: {error: 'a Dashboard session goes only to the page that shows its user and mode'}};
      }
      page.user = user;
      try {
        return {status: 200, body: {token: await token(user, mode)}};
      } catch (err) {
        return {status: 500, body: {error: err instanceof Error ? err.message : String(err)}};
      }
    },
    reset() {
      tokens = new Map();
    },
  };
}
