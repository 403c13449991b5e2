import {Errors} from './errors';
import type {Route} from './routes';
import {optionalStringList, rejectUnknown, requiredString} from './validate';

/**
 * What Stripe does for `fetchStripeSignature` (the SDK's direct path, and what the Dashboard's RPC does for it):
 * `GET /v1/apps/app_embedded_backend_signature?payload=<JSON>&include_only[]=signature` from the view's session answers
 * `{"signature": "t=…,v1=…"}` over the JSON text of `{...payload, user_id, account_id}` — the view's fields first, in
 * its order, then the session's user and account — signed with every signing secret that signs now (two `v1=` during a
 * rotation). A payload naming `stripe_roles` is signed only when the user holds every role named, so a backend can
 * trust them. Only Dashboard sessions may ask: a signature speaks for a user, which a secret key is not.
 * @see https://docs.stripe.com/stripe-apps/build-backend
 */

const SIGNATURE_PATH = '/v1/apps/app_embedded_backend_signature';

function readPayload(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw Errors.signaturePayload();
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw Errors.signaturePayload();
  return value as Record<string, unknown>;
}

const embeddedBackendSignature: Route = {
  method: 'GET',
  path: SIGNATURE_PATH,
  callers: 'dashboard',
  prepare(params, ctx) {
    rejectUnknown(params, {payload: 'value', include_only: 'list'});
    const payload = readPayload(requiredString(params, 'payload'));
    const includeOnly = optionalStringList(params, 'include_only') ?? [];
    if (includeOnly.some((field) => field !== 'signature')) throw Errors.includeOnly();
    if (ctx.caller.kind !== 'dashboard') throw Errors.dashboardOnly(SIGNATURE_PATH);
    const session = ctx.caller.session;
    if (Object.hasOwn(payload, 'stripe_roles')) {
      const roles = payload.stripe_roles;
      if (!Array.isArray(roles) || roles.some((role) => typeof role !== 'string')) throw Errors.stripeRolesShape();
      const lacking = (roles as string[]).filter((role) => !session.roles.includes(role));
      if (lacking.length > 0) throw Errors.roleNotHeld(session.user, lacking);
    }
    // The spread keeps the view's keys in its order; user_id and account_id come last and always say who signed.
    const text = JSON.stringify({...payload, user_id: session.user, account_id: session.account});
    return async () => ({status: 200, body: {signature: ctx.signing.sign(text)}});
  },
};

/** A local stand-in for the Dashboard's "Expire secret": a new signing secret; the old one signs on for 24 hours. */
const rotateSigningSecret: Route = {
  method: 'POST',
  path: '/local/app_signing_secrets/rotate',
  callers: 'backend',
  prepare(params, ctx) {
    rejectUnknown(params, {});
    return async () => {
      const secrets = await ctx.signing.rotate();
      return {status: 200, body: {object: 'local.app_signing_secrets', count: secrets.length}};
    };
  },
};

export const SIGNATURE_ROUTES: readonly Route[] = [embeddedBackendSignature, rotateSigningSecret];
