import {Hono, type Context} from 'hono';
import Stripe from 'stripe';
import {ApiKeys} from './api-keys';
import type {BackendConfig} from './config';
import {checkConnection, ConnectionFailed, refreshConnection, type ConnectionDeps, type Who} from './connections';
import {memoryLock, type RefreshLock} from './locks';
import {ProviderUnavailable} from './provider';
import {
  ModeNotConfigured,
  stripeClients,
  stripeSecretStore,
  type BackoffOptions,
  type SecretStore,
} from './secret-store';
import {MAX_BODY_BYTES, TOLERANCE_SECONDS, verifySignedRequest, type Refusal, type SignedRequest} from './signature';
import {memoryState, type StateStore} from './state';
import {handleWebhook, knownUsersKey} from './webhooks';

/**
 * Keyring's backend as a Hono app: the same handlers run on Node (`startBackend`) and on serverless runtimes.
 *
 * - `POST /actions/<action>`: the views' signed requests. Every refusal is `{"error": {"reason", "message"}}` and
 *   happens before anything is read from the Secret Store: signature, freshness, action, body hash, roles, nonce.
 * - `POST /webhooks/stripe`: Stripe's events for the accounts that installed the app.
 */

export interface BackendDeps {
  /** Shared nonce / event-id / record store; default: in memory (one instance). */
  state?: StateStore;
  /** The refresh lock; default: in process (one instance). */
  lock?: RefreshLock;
  /** The Secret Store; default: stripe-node with the configured keys. */
  secretStore?: SecretStore;
  /** Milliseconds since the epoch. */
  now?: () => number;
  /** One line per request and per event; never a payload, key or token. */
  log?: (line: string) => void;
  /** The 429 backoff (tests shorten it). */
  backoff?: BackoffOptions;
}

type Action = (request: SignedRequest) => Promise<Record<string, unknown>>;

/** Each action, and whether it needs one of the manifest's manage roles, signed. */
interface ActionSpec {
  run: Action;
  roleGated: boolean;
}

export function createBackend(config: BackendConfig, deps: BackendDeps = {}): Hono {
  const nowMs = deps.now ?? Date.now;
  const nowSeconds = () => Math.floor(nowMs() / 1000);
  const log = deps.log ?? (() => undefined);
  const state = deps.state ?? memoryState(nowMs);
  const store = deps.secretStore ?? stripeSecretStore(stripeClients(config), deps.backoff);
  const lock = deps.lock ?? memoryLock();
  const connectionDeps: ConnectionDeps = {store, lock, provider: config.provider, now: nowSeconds};
  const apiKeys = new ApiKeys(store, config.provider, nowMs);
  const who = (r: SignedRequest): Who => ({mode: r.mode, account: r.accountId, user: r.userId});
  const remember = (r: SignedRequest) => state.addMember(knownUsersKey(r.mode, r.accountId), r.userId);

  const actions: Record<string, ActionSpec> = {
    'connection.check': {
      roleGated: false,
      run: async (r) => {
        await remember(r);
        const user = await checkConnection(connectionDeps, who(r));
        return {
          ok: true,
          who: {sub: user.sub, ...(user.name ? {name: user.name} : {}), ...(user.email ? {email: user.email} : {})},
        };
      },
    },
    'connection.refresh': {
      roleGated: false,
      run: async (r) => {
        await remember(r);
        return {ok: true, ...(await refreshConnection(connectionDeps, who(r), r.data.force === true))};
      },
    },
    'api_key.check': {
      roleGated: true,
      run: async (r) => {
        const accepted = await apiKeys.check(r.mode, r.accountId);
        return accepted === undefined ? {ok: false, reason: 'no_api_key'} : {ok: true, accepted};
      },
    },
  };

  // The views call from Stripe's sandboxed origin; the signature, not a cookie or the origin, is what authenticates.
  // Set by hand rather than with hono/cors: that middleware rewrites every response's headers after the handler, which
  // the bench showed costing more than verifying the signature.
  const answer = (c: Context, body: Record<string, unknown>, status: 200 | Refusal['status'] = 200) =>
    c.json(body, status, {'Access-Control-Allow-Origin': '*'});
  const refusal = (c: Context, r: Refusal) => answer(c, {error: {reason: r.reason, message: r.message}}, r.status);

  const app = new Hono();
  app.options('/actions/:action', (c) =>
    c.body(null, 204, {
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Methods': 'POST',
      'Access-Control-Allow-Headers': 'Content-Type, Stripe-Signature',
      'Access-Control-Max-Age': '600',
    }),
  );

  app.get('/health', (c) => c.json({ok: true}));

  app.post('/actions/:action', async (c) => {
    const name = c.req.param('action');
    const spec = Object.prototype.hasOwnProperty.call(actions, name) ? actions[name] : undefined;
    if (!spec) return refusal(c, {status: 404, reason: 'unknown_action', message: `There is no action ${name}.`});
    // A body announced larger than any action's is refused before it is read.
    if (Number(c.req.header('content-length') ?? 0) > MAX_BODY_BYTES) {
      return refusal(c, {
        status: 413,
        reason: 'body_too_large',
        message: `The body is larger than ${MAX_BODY_BYTES} bytes.`,
      });
    }
    const verified = verifySignedRequest({
      urlAction: name,
      header: c.req.header('stripe-signature'),
      body: await c.req.text(),
      secrets: config.signingSecrets,
      nowSeconds: nowSeconds(),
    });
    if (!verified.ok) {
      log(`${name} refused: ${verified.refusal.reason}`);
      return refusal(c, verified.refusal);
    }
    const request = verified.request;
    if (!config.stripeKeys[request.mode]) {
      return refusal(c, {
        status: 400,
        reason: 'mode_not_configured',
        message: `This backend has no Stripe key for ${request.mode} mode.`,
      });
    }
    if (spec.roleGated && !(request.roles ?? []).some((role) => config.manageRoles.includes(role))) {
      log(`${name} refused: role_required`);
      return refusal(c, {
        status: 403,
        reason: 'role_required',
        message: `${name} needs one of these roles, signed in stripe_roles: ${config.manageRoles.join(', ')}.`,
      });
    }
    // Last, so a refused request never uses up its nonce; both directions of the tolerance window are covered.
    if (!(await state.claim(`nonce:${request.nonce}`, 2 * TOLERANCE_SECONDS + 60))) {
      log(`${name} refused: replayed`);
      return refusal(c, {
        status: 409,
        reason: 'replayed',
        message: 'This nonce was already used: sign each request afresh.',
      });
    }
    try {
      const result = await spec.run(request);
      log(
        `${name} ${request.mode} ${request.accountId} ${request.userId}: ${result.ok ? 'ok' : String(result.reason)}`,
      );
      return answer(c, result);
    } catch (err) {
      return failure(c, name, err);
    }
  });

  const failure = (c: Context, name: string, err: unknown) => {
    if (err instanceof ConnectionFailed) {
      log(`${name}: ${err.reason}`);
      return answer(c, {ok: false, reason: err.reason});
    }
    if (err instanceof ProviderUnavailable) return answer(c, {ok: false, reason: err.why});
    if (err instanceof ModeNotConfigured)
      return refusal(c, {status: 400, reason: 'mode_not_configured', message: err.message});
    log(`${name} failed: ${err instanceof Error ? err.constructor.name : 'error'}`);
    if (err instanceof Stripe.errors.StripeError) {
      return refusal(c, {
        status: 502,
        reason: 'secret_store_unavailable',
        message: 'The Secret Store could not be reached; try again in a moment.',
      });
    }
    // The refresh lock not acquired in time, or Redis gone: nothing was refreshed; the view may ask again.
    return refusal(c, {
      status: 503,
      reason: 'busy',
      message: 'The backend could not take the connection’s lock in time; try again in a moment.',
    });
  };

  app.post('/webhooks/stripe', async (c) => {
    const answer = await handleWebhook(
      {secrets: config.webhookSecrets, store, state, apiKeys, connections: connectionDeps, nowMs, log},
      await c.req.text(),
      c.req.header('stripe-signature'),
    );
    return c.json(answer.body, answer.status as 200);
  });

  app.notFound((c) => c.json({error: {reason: 'not_found', message: 'No such route.'}}, 404));
  app.onError((err, c) => {
    log(`internal error: ${err.constructor.name}`);
    return c.json({error: {reason: 'internal', message: 'The backend failed; try again.'}}, 500);
  });
  return app;
}
