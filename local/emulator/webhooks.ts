import {STRIPE_API_VERSION} from '../seam/app';
import {randomBase62} from './ids';
import {signatureHeader} from './signing';

/**
 * Webhook endpoints and event delivery, as Stripe does them for an app's backend: an endpoint (`we_…`) has its own
 * `whsec_…` secret and mode (the key's), events (`evt_…`) have Stripe's shape and are POSTed as JSON with
 * `Stripe-Signature: t=…,v1=…` (HMAC-SHA256 of `t.body` with the endpoint's secret, a fresh `t` on every attempt), and
 * a delivery that fails (a non-2xx answer, a network error, no answer within the timeout) is tried again on a backoff
 * schedule with the same event id and body, so a receiver that is idempotent by event id handles each event once.
 *
 * Events on connected accounts (`account` set) go to `connect` endpoints. A test-mode event goes to test *and* live
 * connect endpoints, as Stripe sends connected accounts' test events to live Connect endpoints too — which is why a
 * live endpoint must drop `livemode: false` events. Endpoints and events live in memory: a restarted emulator has none.
 * @see https://docs.stripe.com/webhooks · https://docs.stripe.com/connect/webhooks ·
 * https://docs.stripe.com/api/events/object
 */

export interface WebhookEndpoint {
  id: string;
  object: 'webhook_endpoint';
  api_version: string | null;
  application: string | null;
  created: number;
  description: string | null;
  enabled_events: string[];
  livemode: boolean;
  metadata: Record<string, string>;
  status: 'enabled';
  url: string;
}

interface StoredEndpoint extends WebhookEndpoint {
  connect: boolean;
  secret: string;
}

export interface StripeEvent {
  id: string;
  object: 'event';
  account: string;
  api_version: string;
  created: number;
  data: {object: Record<string, unknown>};
  livemode: boolean;
  pending_webhooks: number;
  request: {id: null; idempotency_key: null};
  type: string;
}

/** One delivery attempt, as tests and logs see it (never a body or a secret). */
export interface DeliveryAttempt {
  event: string;
  endpoint: string;
  attempt: number;
  /** The receiver's status, or 0 for a network error or timeout. */
  status: number;
  at: number;
}

export interface WebhookOptions {
  /**
   * Milliseconds to wait before each retry; its length is the number of retries. Stripe retries for up to three days
   * with exponential backoff; the emulator's default is a shortened schedule for development: 5 s, 30 s, 2 min, 10 min,
   * 1 h.
   */
  retryDelaysMs?: readonly number[];
  /** How long one attempt may take (default 10 s). */
  timeoutMs?: number;
  /** The app the install events name (`data.object`, an `application`); default a local one. */
  application?: {id: string; name: string};
}

export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [5_000, 30_000, 120_000, 600_000, 3_600_000];
const DEFAULT_TIMEOUT_MS = 10_000;
/** Events kept for `GET /v1/events` (the newest). */
const KEPT_EVENTS = 1000;

export const newWebhookSecret = (): string => `whsec_${randomBase62(32)}`;

export class Webhooks {
  private readonly endpoints = new Map<string, StoredEndpoint>();
  private readonly events: StripeEvent[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<AbortController>();
  private readonly retryDelaysMs: readonly number[];
  private readonly timeoutMs: number;
  private closed = false;
  /** Every attempt made, oldest first (the newest 1000). */
  readonly attempts: DeliveryAttempt[] = [];
  private readonly waiters = new Set<() => void>();
  readonly application: {id: string; name: string};

  constructor(
    private readonly now: () => number,
    private readonly warn: (line: string) => void,
    options: WebhookOptions = {},
  ) {
    this.retryDelaysMs = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.application = options.application ?? {id: 'ca_LocalKeyringApp', name: 'Local app'};
  }

  private seconds(): number {
    return Math.floor(this.now() / 1000);
  }

  /** Stripe answers the secret only when the endpoint is created. */
  create(options: {
    url: string;
    enabledEvents: string[];
    connect: boolean;
    livemode: boolean;
    description?: string;
  }): WebhookEndpoint & {secret: string} {
    const endpoint: StoredEndpoint = {
      id: `we_${randomBase62(24)}`,
      object: 'webhook_endpoint',
      api_version: null,
      application: null,
      created: this.seconds(),
      description: options.description ?? null,
      enabled_events: [...options.enabledEvents],
      livemode: options.livemode,
      metadata: {},
      status: 'enabled',
      url: options.url,
      connect: options.connect,
      secret: newWebhookSecret(),
    };
    this.endpoints.set(endpoint.id, endpoint);
    return {...this.render(endpoint), secret: endpoint.secret};
  }

  private render(endpoint: StoredEndpoint): WebhookEndpoint {
    const {connect, secret, ...shown} = endpoint;
    void connect;
    void secret;
    return {...shown, enabled_events: [...shown.enabled_events]};
  }

  /**
   * Stripe's update: a new url (say, once a backend started with the secret knows its port); undefined when unknown.
   */
  update(
    id: string,
    livemode: boolean,
    changes: {url?: string; enabledEvents?: string[]},
  ): WebhookEndpoint | undefined {
    const endpoint = this.endpoints.get(id);
    if (!endpoint || endpoint.livemode !== livemode) return undefined;
    if (changes.url !== undefined) endpoint.url = changes.url;
    if (changes.enabledEvents !== undefined) endpoint.enabled_events = [...changes.enabledEvents];
    return this.render(endpoint);
  }

  /** The mode's endpoints, newest first. */
  list(livemode: boolean): WebhookEndpoint[] {
    return [...this.endpoints.values()]
      .filter((e) => e.livemode === livemode)
      .reverse()
      .map((e) => this.render(e));
  }

  /** True when an endpoint of that mode had the id. */
  remove(id: string, livemode: boolean): boolean {
    const endpoint = this.endpoints.get(id);
    if (!endpoint || endpoint.livemode !== livemode) return false;
    this.endpoints.delete(id);
    return true;
  }

  /** The mode's events, newest first. */
  listEvents(livemode: boolean): StripeEvent[] {
    return this.events.filter((e) => e.livemode === livemode).reverse();
  }

  private receivers(event: StripeEvent): StoredEndpoint[] {
    return [...this.endpoints.values()].filter(
      (e) =>
        e.connect &&
        (e.livemode === event.livemode || !event.livemode) &&
        (e.enabled_events.includes('*') || e.enabled_events.includes(event.type)),
    );
  }

  /** Makes an event on `account` and delivers it to every endpoint that listens for it. */
  emit(type: string, account: string, livemode: boolean, object: Record<string, unknown>): StripeEvent {
    const event: StripeEvent = {
      id: `evt_${randomBase62(24)}`,
      object: 'event',
      account,
      api_version: STRIPE_API_VERSION,
      created: this.seconds(),
      data: {object},
      livemode,
      pending_webhooks: 0,
      request: {id: null, idempotency_key: null},
      type,
    };
    const receivers = this.closed ? [] : this.receivers(event);
    event.pending_webhooks = receivers.length;
    this.events.push(event);
    if (this.events.length > KEPT_EVENTS) this.events.shift();
    // The body is fixed once: every attempt sends the same bytes, each with a fresh signature.
    const body = JSON.stringify(event, null, 2);
    for (const endpoint of receivers) this.schedule(event, endpoint, body, 1, 0);
    return event;
  }

  private schedule(event: StripeEvent, endpoint: StoredEndpoint, body: string, attempt: number, delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(event, endpoint, body, attempt);
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  private async attempt(event: StripeEvent, endpoint: StoredEndpoint, body: string, attempt: number): Promise<void> {
    if (this.closed) return;
    const controller = new AbortController();
    this.inFlight.add(controller);
    const timeout = setTimeout(() => controller.abort(), this.timeoutMs);
    let status = 0;
    try {
      const response = await fetch(endpoint.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'Stripe-Signature': signatureHeader(body, [endpoint.secret], this.seconds()),
        },
        body,
        redirect: 'manual',
        signal: controller.signal,
      });
      status = response.status;
      await response.body?.cancel().catch(() => undefined);
    } catch {
      status = 0;
    } finally {
      clearTimeout(timeout);
      this.inFlight.delete(controller);
    }
    if (this.closed) return;
    this.attempts.push({event: event.id, endpoint: endpoint.id, attempt, status, at: this.now()});
    if (this.attempts.length > KEPT_EVENTS) this.attempts.shift();
    const delivered = status >= 200 && status < 300;
    const retry = attempt - 1 < this.retryDelaysMs.length && this.endpoints.has(endpoint.id);
    if (delivered || !retry) {
      event.pending_webhooks = Math.max(0, event.pending_webhooks - 1);
      if (!delivered) this.warn(`Webhook ${event.id} to ${endpoint.id} failed ${attempt} times; no more retries`);
    } else {
      this.schedule(event, endpoint, body, attempt + 1, this.retryDelaysMs[attempt - 1]);
    }
    for (const wake of [...this.waiters]) wake();
  }

  /** Resolves once `check` holds after some attempt (or now); for tests and tools that wait for a delivery. */
  waitFor(check: (attempts: readonly DeliveryAttempt[]) => boolean): Promise<void> {
    if (check(this.attempts)) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        if (!check(this.attempts)) return;
        this.waiters.delete(wake);
        resolve();
      };
      this.waiters.add(wake);
    });
  }

  /** Stops every retry and cuts every delivery in flight. */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const controller of this.inFlight) controller.abort();
    this.inFlight.clear();
    this.waiters.clear();
  }
}

/** The objects the local Dashboard's controls send. */
export function applicationObject(id: string, name: string): Record<string, unknown> {
  return {id, object: 'application', name};
}

export function customerObject(
  livemode: boolean,
  created: number,
  fields: {name?: string; email?: string},
): Record<string, unknown> {
  return {
    id: `cus_${randomBase62(14)}`,
    object: 'customer',
    address: null,
    balance: 0,
    created,
    currency: null,
    default_source: null,
    delinquent: false,
    description: null,
    email: fields.email ?? null,
    invoice_prefix: randomBase62(8).toUpperCase(),
    livemode,
    metadata: {},
    name: fields.name ?? null,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none',
  };
}
