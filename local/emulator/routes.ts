import type {DeletedSecret, Secret, SecretList, SecretScope} from '../seam/app';
import type {Caller, SessionRegistry} from './auth';
import {USER_ID, ACCOUNT_ID} from './auth';
import {Errors} from './errors';
import {checkFault, type FaultQueue} from './faults';
import type {ParamHash} from './params';
import type {SecretStore, Space, StoredSecret} from './store';
import type {SigningSecrets} from './signing';
import {SIGNATURE_ROUTES} from './signature-routes';
import type {Webhooks} from './webhooks';
import {WEBHOOK_ROUTES} from './webhook-routes';
import {
  SCOPE_SHAPE,
  optionalInteger,
  optionalString,
  optionalStringList,
  readCursor,
  readExpand,
  readExpiresAt,
  readLimit,
  readScope,
  rejectUnknown,
  requiredInteger,
  requiredString,
  type Shape,
} from './validate';

/**
 * The endpoints. Each route validates its parameters (throwing the first error, before anything changes) and returns
 * the operation to run; the server runs it, so validation and operation are separate steps of one pipeline.
 * @see https://docs.stripe.com/api/secret_management
 */

export interface RequestContext {
  caller: Caller;
  space: Space;
  /** Unix seconds, from the emulator's clock. */
  nowSeconds: number;
  store: SecretStore;
  sessions: SessionRegistry;
  faults: FaultQueue;
  signing: SigningSecrets;
  webhooks: Webhooks;
  /** The request's path (routes with a `pattern` read their id from it). */
  path: string;
}

export interface Reply {
  status: number;
  body: unknown;
}

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  /**
   * `secret_store`: backends, and Dashboard sessions holding `secret_write`. `backend`: secret keys only. `dashboard`:
   * Dashboard sessions only (what Stripe does for the views themselves, such as signing their payloads). `any`: both,
   * with no permission (the local-only event triggers the local Dashboard's controls use).
   */
  callers: 'secret_store' | 'backend' | 'dashboard' | 'any';
  /** For a path with an id in it (`/v1/webhook_endpoints/we_…`); `path` is then what the README shows. */
  pattern?: RegExp;
  prepare(params: ParamHash, ctx: RequestContext): () => Promise<Reply>;
}

const ok = (body: unknown): Reply => ({status: 200, body});

/** Stripe's shape, keys in Stripe's order; `payload` only when asked for (absent, not null, otherwise). */
function render(secret: StoredSecret, withPayload: boolean): Secret {
  const scope: SecretScope = secret.scope.type === 'user' ? {type: 'user', user: secret.scope.user} : {type: 'account'};
  return {
    id: secret.id,
    object: 'apps.secret',
    created: secret.created,
    expires_at: secret.expiresAt,
    livemode: secret.livemode,
    name: secret.name,
    ...(withPayload ? {payload: secret.payload} : {}),
    scope,
  };
}

/** A Dashboard session reaches the account scope and its own user's scope only. */
function authorizeScope(caller: Caller, scope: SecretScope): void {
  if (caller.kind === 'dashboard' && scope.type === 'user' && scope.user !== caller.session.user) {
    throw Errors.sessionOtherUser(caller.session.user, scope.user);
  }
}

const describeScope = (scope: SecretScope) => (scope.type === 'user' ? `user scope of ${scope.user}` : 'account scope');

const CREATE_SHAPE: Shape = {name: 'value', payload: 'value', scope: SCOPE_SHAPE, expires_at: 'value', expand: 'list'};
const FIND_SHAPE: Shape = {name: 'value', scope: SCOPE_SHAPE, expand: 'list'};
const LIST_SHAPE: Shape = {
  scope: SCOPE_SHAPE,
  limit: 'value',
  starting_after: 'value',
  ending_before: 'value',
  expand: 'list',
};

const createSecret: Route = {
  method: 'POST',
  path: '/v1/apps/secrets',
  callers: 'secret_store',
  prepare(params, ctx) {
    rejectUnknown(params, CREATE_SHAPE);
    const name = requiredString(params, 'name');
    const payload = requiredString(params, 'payload');
    const scope = readScope(params);
    const expiresAt = readExpiresAt(params, ctx.nowSeconds);
    const expand = readExpand(params, 'payload');
    authorizeScope(ctx.caller, scope);
    return async () => {
      // "Create or replace": an existing name keeps its id and created, and takes the new payload and expiry.
      const result = await ctx.store.upsert(ctx.space, scope, name, payload, expiresAt);
      if (result.kind === 'full') throw Errors.scopeFull(describeScope(scope));
      return ok(render(result.secret, expand));
    };
  },
};

const findSecret: Route = {
  method: 'GET',
  path: '/v1/apps/secrets/find',
  callers: 'secret_store',
  prepare(params, ctx) {
    rejectUnknown(params, FIND_SHAPE);
    const name = requiredString(params, 'name');
    const scope = readScope(params);
    const expand = readExpand(params, 'payload');
    authorizeScope(ctx.caller, scope);
    return async () => {
      const secret = ctx.store.find(ctx.space, scope, name);
      if (!secret) throw Errors.noSuchSecret(name);
      return ok(render(secret, expand));
    };
  },
};

const deleteSecret: Route = {
  method: 'POST',
  path: '/v1/apps/secrets/delete',
  callers: 'secret_store',
  prepare(params, ctx) {
    rejectUnknown(params, FIND_SHAPE);
    const name = requiredString(params, 'name');
    const scope = readScope(params);
    const expand = readExpand(params, 'payload');
    authorizeScope(ctx.caller, scope);
    return async () => {
      const secret = await ctx.store.remove(ctx.space, scope, name);
      if (!secret) throw Errors.noSuchSecret(name);
      // Stripe's reference example answers only these three keys (plus the payload, when expanded).
      const deleted: DeletedSecret & {payload?: string} = {id: secret.id, object: 'apps.secret', deleted: true};
      if (expand) deleted.payload = secret.payload;
      return ok(deleted);
    };
  },
};

const listSecrets: Route = {
  method: 'GET',
  path: '/v1/apps/secrets',
  callers: 'secret_store',
  prepare(params, ctx) {
    rejectUnknown(params, LIST_SHAPE);
    const scope = readScope(params);
    const limit = readLimit(params);
    const cursor = readCursor(params);
    const expand = readExpand(params, 'data.payload');
    authorizeScope(ctx.caller, scope);
    return async () => {
      const all = ctx.store.list(ctx.space, scope);
      let page: StoredSecret[];
      let hasMore: boolean;
      if (!cursor) {
        page = all.slice(0, limit);
        hasMore = all.length > limit;
      } else {
        const at = all.findIndex((secret) => secret.id === cursor.id);
        if (at === -1) throw Errors.noSuchCursor(cursor.kind, cursor.id);
        if (cursor.kind === 'starting_after') {
          const older = all.slice(at + 1);
          page = older.slice(0, limit);
          hasMore = older.length > limit;
        } else {
          // The `limit` secrets just newer than the cursor, still newest first.
          const newer = all.slice(0, at);
          page = newer.slice(Math.max(0, newer.length - limit));
          hasMore = newer.length > limit;
        }
      }
      const list: SecretList = {
        object: 'list',
        data: page.map((secret) => render(secret, expand)),
        has_more: hasMore,
        url: '/v1/apps/secrets',
      };
      return ok(list);
    };
  },
};

const createDashboardSession: Route = {
  method: 'POST',
  path: '/local/dashboard_sessions',
  callers: 'backend',
  prepare(params, ctx) {
    rejectUnknown(params, {account: 'value', user: 'value', permissions: 'list', roles: 'list'});
    const account = requiredString(params, 'account');
    if (!ACCOUNT_ID.test(account)) throw Errors.malformedAccountParam();
    const user = requiredString(params, 'user');
    if (!USER_ID.test(user)) throw Errors.malformedUserParam();
    const permissions = optionalStringList(params, 'permissions');
    const roles = optionalStringList(params, 'roles');
    return async () => ok(ctx.sessions.create({account, user, livemode: ctx.caller.livemode, permissions, roles}));
  },
};

const injectFault: Route = {
  method: 'POST',
  path: '/local/faults',
  callers: 'backend',
  prepare(params, ctx) {
    rejectUnknown(params, {status: 'value', times: 'value', path: 'value'});
    const status = requiredInteger(params, 'status');
    const times = optionalInteger(params, 'times') ?? 1;
    const fault = checkFault({status, times, path: optionalString(params, 'path')});
    return async () => {
      ctx.faults.inject(fault);
      return ok({object: 'local.fault', status: fault.status, times: fault.times, path: fault.path ?? null});
    };
  },
};

const clearFaults: Route = {
  method: 'DELETE',
  path: '/local/faults',
  callers: 'backend',
  prepare(params, ctx) {
    rejectUnknown(params, {});
    return async () => ok({object: 'local.faults', cleared: ctx.faults.clear()});
  },
};

export const ROUTES: readonly Route[] = [
  createSecret,
  findSecret,
  deleteSecret,
  listSecrets,
  createDashboardSession,
  injectFault,
  clearFaults,
  ...SIGNATURE_ROUTES,
  ...WEBHOOK_ROUTES,
];

/** An unknown path and a known path with the wrong method get the same 404, as at Stripe. */
export function findRoute(method: string, path: string): Route {
  const route = ROUTES.find((r) => r.method === method && (r.pattern ? r.pattern.test(path) : r.path === path));
  if (!route) throw Errors.unrecognizedUrl(method, path);
  return route;
}

/** Route-level permission: backend-only and Dashboard-only endpoints, and `secret_write` for a Dashboard session. */
export function authorizeRoute(route: Route, caller: Caller, account: string): void {
  if (route.callers === 'dashboard') {
    if (caller.kind !== 'dashboard') throw Errors.dashboardOnly(route.path);
    return;
  }
  if (route.callers === 'any' || caller.kind !== 'dashboard') return;
  if (route.callers === 'backend') throw Errors.backendOnly(route.path);
  if (!caller.session.permissions.includes('secret_write')) throw Errors.missingSecretWrite(account);
}
