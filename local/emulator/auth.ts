import {Errors} from './errors';
import {newSessionToken} from './ids';

/**
 * Who is calling. A backend holds a secret or restricted key and may act on any account (Stripe-Account) and any user
 * scope. A Dashboard session stands in for a UI extension: it is bound to one account and one user, and reaches only
 * the account scope and its own user's scope.
 * @see https://docs.stripe.com/keys · https://docs.stripe.com/connect/authentication ·
 * https://docs.stripe.com/stripe-apps/store-secrets
 */

export const DEFAULT_ACCOUNT = 'acct_local_default';
export const DEFAULT_SESSION_PERMISSIONS: readonly string[] = ['secret_write'];

const BACKEND_KEY = /^(sk|rk)_(test|live)_[A-Za-z0-9]+$/;
const SESSION_TOKEN = /^dsess_(test|live)_[A-Za-z0-9]+$/;
export const ACCOUNT_ID = /^acct_[A-Za-z0-9_]+$/;
export const USER_ID = /^usr_[A-Za-z0-9_]+$/;

export interface DashboardSession {
  object: 'local.dashboard_session';
  id: string;
  account: string;
  user: string;
  livemode: boolean;
  permissions: string[];
  /**
   * The user's Dashboard role ids (`userContext.roles[].id`): what `stripe_roles` in a signature request is checked
   * against.
   */
  roles: string[];
}

export type Caller =
  | {kind: 'backend'; livemode: boolean}
  | {kind: 'dashboard'; livemode: boolean; session: DashboardSession};

/** Sessions live in memory only: a restarted emulator has none. */
export class SessionRegistry {
  private readonly sessions = new Map<string, DashboardSession>();

  create(options: {
    account: string;
    user: string;
    livemode: boolean;
    permissions?: readonly string[];
    roles?: readonly string[];
  }): DashboardSession {
    if (!ACCOUNT_ID.test(options.account)) throw Errors.malformedAccountParam();
    if (!USER_ID.test(options.user)) throw Errors.malformedUserParam();
    const session: DashboardSession = {
      object: 'local.dashboard_session',
      id: newSessionToken(options.livemode),
      account: options.account,
      user: options.user,
      livemode: options.livemode,
      permissions: [...(options.permissions ?? DEFAULT_SESSION_PERMISSIONS)],
      roles: [...(options.roles ?? [])],
    };
    this.sessions.set(session.id, session);
    return session;
  }

  get(token: string): DashboardSession | undefined {
    return this.sessions.get(token);
  }
}

/** The key from `Authorization: Bearer <key>`, or from Basic auth with the key as user name (`curl -u sk_test_…:`). */
function credential(header: string | undefined): string {
  const value = header?.trim() ?? '';
  if (value === '') throw Errors.noApiKey();
  const [scheme, rest = ''] = value.split(/\s+(.*)/s, 2);
  if (/^bearer$/i.test(scheme)) {
    if (rest.trim() === '') throw Errors.noApiKey();
    return rest.trim();
  }
  if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(rest.trim(), 'base64').toString('utf8');
    const user = decoded.split(':', 1)[0];
    if (user === '') throw Errors.noApiKey();
    return user;
  }
  throw Errors.invalidApiKey(value);
}

export function authenticate(header: string | undefined, sessions: SessionRegistry): Caller {
  const key = credential(header);
  const backend = BACKEND_KEY.exec(key);
  if (backend) return {kind: 'backend', livemode: backend[2] === 'live'};
  if (SESSION_TOKEN.test(key)) {
    const session = sessions.get(key);
    if (!session) throw Errors.unknownSession(key);
    return {kind: 'dashboard', livemode: session.livemode, session};
  }
  throw Errors.invalidApiKey(key);
}

/** The account a request acts on: the session's own, or the Stripe-Account header, or the default account. */
export function resolveAccount(caller: Caller, header: string | undefined): string {
  const requested = header?.trim();
  if (requested !== undefined && requested !== '' && !ACCOUNT_ID.test(requested))
    throw Errors.malformedStripeAccount(requested);
  if (caller.kind === 'dashboard') {
    if (requested && requested !== caller.session.account)
      throw Errors.sessionOtherAccount(caller.session.account, requested);
    return caller.session.account;
  }
  return requested || DEFAULT_ACCOUNT;
}
