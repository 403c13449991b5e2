import {Errors} from './errors';
import type {ParamHash} from './params';
import type {Reply, Route} from './routes';
import {optionalString, optionalStringList, rejectUnknown, requiredString} from './validate';
import {applicationObject, customerObject} from './webhooks';

/**
 * Webhook endpoints (`/v1/webhook_endpoints`, Stripe's shape; a backend key, whose mode is the endpoint's), the events
 * sent (`GET /v1/events`), and the emulator's own trigger for the events an app backend handles:
 * `POST /v1/test_helpers/app_events` — local only, Stripe has no such endpoint (its CLI cannot trigger install events,
 * stripe/stripe-apps #184). The local Dashboard's *Install*, *Uninstall* and *Create a customer* controls call it with
 * the page's session (its account and mode); a backend key names the account with `Stripe-Account`.
 * @see https://docs.stripe.com/api/webhook_endpoints
 */

const ok = (body: unknown): Reply => ({status: 200, body});
const EVENT_TYPE = /^(\*|[a-z_]+(\.[a-z_]+)+)$/;

export const TRIGGERS = [
  'account.application.authorized',
  'account.application.deauthorized',
  'customer.created',
] as const;
export type TriggerType = (typeof TRIGGERS)[number];

function readUrl(params: ParamHash): string {
  const text = requiredString(params, 'url');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw Errors.invalidWebhookUrl();
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw Errors.invalidWebhookUrl();
  return url.href;
}

function readBoolean(params: ParamHash, key: string): boolean {
  const text = optionalString(params, key);
  if (text === undefined) return false;
  if (text !== 'true' && text !== 'false') throw Errors.invalidBoolean(key);
  return text === 'true';
}

const createEndpoint: Route = {
  method: 'POST',
  path: '/v1/webhook_endpoints',
  callers: 'backend',
  prepare(params, ctx) {
    rejectUnknown(params, {
      url: 'value',
      enabled_events: 'list',
      connect: 'value',
      description: 'value',
      api_version: 'value',
    });
    const url = readUrl(params);
    const enabledEvents = optionalStringList(params, 'enabled_events') ?? [];
    if (enabledEvents.length === 0) throw Errors.missingParam('enabled_events');
    for (const type of enabledEvents) if (!EVENT_TYPE.test(type)) throw Errors.invalidEventType('enabled_events', type);
    const connect = readBoolean(params, 'connect');
    const description = optionalString(params, 'description');
    return async () =>
      ok(ctx.webhooks.create({url, enabledEvents, connect, livemode: ctx.caller.livemode, description}));
  },
};

const listEndpoints: Route = {
  method: 'GET',
  path: '/v1/webhook_endpoints',
  callers: 'backend',
  prepare(params, ctx) {
    rejectUnknown(params, {limit: 'value'});
    return async () =>
      ok({object: 'list', data: ctx.webhooks.list(ctx.caller.livemode), has_more: false, url: '/v1/webhook_endpoints'});
  },
};

const ENDPOINT_PATH = /^\/v1\/webhook_endpoints\/(we_[A-Za-z0-9]+)$/;

const deleteEndpoint: Route = {
  method: 'DELETE',
  path: '/v1/webhook_endpoints/:id',
  pattern: /^\/v1\/webhook_endpoints\/[^/]+$/,
  callers: 'backend',
  prepare(params, ctx) {
    rejectUnknown(params, {});
    const id = ENDPOINT_PATH.exec(ctx.path)?.[1] ?? ctx.path.slice('/v1/webhook_endpoints/'.length);
    return async () => {
      if (!ctx.webhooks.remove(id, ctx.caller.livemode)) throw Errors.noSuchWebhookEndpoint(id);
      return ok({id, object: 'webhook_endpoint', deleted: true});
    };
  },
};

const updateEndpoint: Route = {
  method: 'POST',
  path: '/v1/webhook_endpoints/:id',
  pattern: /^\/v1\/webhook_endpoints\/[^/]+$/,
  callers: 'backend',
  prepare(params, ctx) {
    rejectUnknown(params, {url: 'value', enabled_events: 'list'});
    const id = ENDPOINT_PATH.exec(ctx.path)?.[1] ?? ctx.path.slice('/v1/webhook_endpoints/'.length);
    const url = params.has('url') ? readUrl(params) : undefined;
    const enabledEvents = optionalStringList(params, 'enabled_events');
    for (const type of enabledEvents ?? [])
      if (!EVENT_TYPE.test(type)) throw Errors.invalidEventType('enabled_events', type);
    return async () => {
      const updated = ctx.webhooks.update(id, ctx.caller.livemode, {
        url,
        enabledEvents: enabledEvents?.length ? enabledEvents : undefined,
      });
      if (!updated) throw Errors.noSuchWebhookEndpoint(id);
      return ok(updated);
    };
  },
};

const listEvents: Route = {
  method: 'GET',
  path: '/v1/events',
  callers: 'backend',
  prepare(params, ctx) {
    rejectUnknown(params, {limit: 'value'});
    return async () =>
      ok({object: 'list', data: ctx.webhooks.listEvents(ctx.caller.livemode), has_more: false, url: '/v1/events'});
  },
};

const triggerEvent: Route = {
  method: 'POST',
  path: '/v1/test_helpers/app_events',
  callers: 'any',
  prepare(params, ctx) {
    rejectUnknown(params, {type: 'value', customer: {name: 'value', email: 'value'}});
    const type = requiredString(params, 'type');
    if (!(TRIGGERS as readonly string[]).includes(type)) throw Errors.unknownTriggerType(TRIGGERS);
    const customer = params.get('customer');
    const fields =
      customer instanceof Map
        ? {
            name: optionalString(customer, 'name', 'customer[name]'),
            email: optionalString(customer, 'email', 'customer[email]'),
          }
        : {};
    if (customer !== undefined && !(customer instanceof Map)) throw Errors.expectedHash('customer');
    const {livemode, account} = ctx.space;
    return async () => {
      const object =
        type === 'customer.created'
          ? customerObject(livemode, ctx.nowSeconds, fields)
          : applicationObject(ctx.webhooks.application.id, ctx.webhooks.application.name);
      return ok(ctx.webhooks.emit(type, account, livemode, object));
    };
  },
};

export const WEBHOOK_ROUTES: readonly Route[] = [
  createEndpoint,
  listEndpoints,
  updateEndpoint,
  deleteEndpoint,
  listEvents,
  triggerEvent,
];
