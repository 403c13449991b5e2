import type {RunningEmulator} from '../../emulator';
import {ACCOUNT, MODES, USERS, type Mode} from '../navigation';

/**
 * The page's Dashboard sessions (`/__dashboard/session?user=…&mode=…`): one per user and mode, made by the emulator
 * with the manifest's permissions (as Stripe grants them at install) and the user's roles, kept until the manifest changes.
 */
export interface Sessions {
  /** The answer to the page's request: a token for a known user and mode, else 400. */
  answer(params: URLSearchParams): Promise<{status: number; body: {token: string} | {error: string}}>;
  /** Forgets every session: the next request makes one with the manifest's permissions as they are now. */
  reset(): void;
}

export function createSessions(emulator: Pick<RunningEmulator, 'createDashboardSession'>, permissions: () => string[]): Sessions {
  let tokens = new Map<string, Promise<string>>();
  const token = (user: string, mode: Mode) => {
    const key = `${user}:${mode}`;
    let made = tokens.get(key);
    if (!made) {
      // The session carries the user's roles, so the emulator signs `stripe_roles` only for roles the user holds.
      const roles = USERS.find((u) => u.id === user)?.roles ?? [];
      made = emulator.createDashboardSession({account: ACCOUNT.id, user, livemode: mode === 'live', permissions: permissions(), roles});
      tokens.set(key, made);
    }
    return made;
  };
  return {
    async answer(params) {
      const user = params.get('user') ?? '';
      const mode = params.get('mode') as Mode;
      if (!USERS.some((u) => u.id === user) || !MODES.includes(mode)) return {status: 400, body: {error: 'unknown user or mode'}};
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
