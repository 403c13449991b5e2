import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import Stripe from 'stripe';
import type {RunningEmulator} from '../../emulator';
import {LIVE_KEY, emulatorPerTest, form, send, wireError} from '../../testing/emulator';

/**
 * Webhook endpoints and delivery, against a real HTTP receiver on 127.0.0.1: Stripe's event shape, a signature that
 * stripe-node's constructEvent accepts with the endpoint's secret, retries with backoff after a failure, one event id.
 */
const RETRIES_MS = [40, 120];
const warnings: string[] = [];
const emulator = emulatorPerTest({
  webhooks: {retryDelaysMs: RETRIES_MS, timeoutMs: 2000},
  warn: (line) => warnings.push(line),
});
const stripe = new Stripe('sk_test_unused');

interface Received {
  at: number;
  signature: string;
  contentType: string;
  body: string;
}

/** A receiver answering each request with the next status of `statuses` (then 200), waking whoever waits. */
class Receiver {
  readonly received: Received[] = [];
  statuses: number[] = [];
  private server!: Server;
  private waiters: (() => void)[] = [];
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        this.received.push({
          at: performance.now(),
          signature: String(req.headers['stripe-signature'] ?? ''),
          contentType: String(req.headers['content-type'] ?? ''),
          body: Buffer.concat(chunks).toString('utf8'),
        });
        res.writeHead(this.statuses.shift() ?? 200, {'Content-Type': 'application/json'});
        res.end('{}');
        for (const wake of this.waiters.splice(0)) wake();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhooks/stripe`;
  }

  async waitFor(count: number): Promise<Received[]> {
    while (this.received.length < count) await new Promise<void>((resolve) => this.waiters.push(resolve));
    return this.received;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

let receiver: Receiver;
beforeEach(async () => {
  receiver = new Receiver();
  await receiver.start();
});
afterEach(async () => {
  await receiver.close();
});

async function endpoint(
  target: RunningEmulator,
  url: string,
  key?: string,
  events = ['*'],
): Promise<{id: string; secret: string; livemode: boolean}> {
  const body = `${form({url, connect: 'true'})}&${events.map((e) => `enabled_events[]=${encodeURIComponent(e)}`).join('&')}`;
  const res = await send(target, {method: 'POST', path: '/v1/webhook_endpoints', body, key});
  expect(res.status).toBe(200);
  return res.json as {id: string; secret: string; livemode: boolean};
}

const trigger = (
  target: RunningEmulator,
  type: string,
  opts: {key?: string; account?: string; extra?: string; idempotencyKey?: string} = {},
) =>
  send(target, {
    method: 'POST',
    path: '/v1/test_helpers/app_events',
    body: `${form({type})}${opts.extra ?? ''}`,
    key: opts.key,
    headers: {
      ...(opts.account ? {'Stripe-Account': opts.account} : {}),
      ...(opts.idempotencyKey ? {'Idempotency-Key': opts.idempotencyKey} : {}),
    },
  });

describe('webhook endpoints', () => {
  it("POST /v1/webhook_endpoints answers Stripe's shape with a whsec_ secret, in the key's mode; list never shows it; delete", async () => {
    const created = await endpoint(emulator(), receiver.url);
    expect(created).toMatchObject({
      id: expect.stringMatching(/^we_[A-Za-z0-9]+$/),
      object: 'webhook_endpoint',
      enabled_events: ['*'],
      livemode: false,
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9]{32}$/),
      status: 'enabled',
      url: receiver.url,
    });
    const live = await endpoint(emulator(), receiver.url, LIVE_KEY);
    expect(live.livemode).toBe(true);
    const list = await send(emulator(), {path: '/v1/webhook_endpoints'});
    expect((list.json as {data: {id: string}[]}).data.map((e) => e.id)).toEqual([created.id]);
    expect(list.text).not.toContain('whsec_');
    const deleted = await send(emulator(), {method: 'DELETE', path: `/v1/webhook_endpoints/${created.id}`});
    expect(deleted.json).toEqual({id: created.id, object: 'webhook_endpoint', deleted: true});
    expect((await send(emulator(), {method: 'DELETE', path: `/v1/webhook_endpoints/${created.id}`})).status).toBe(404);
    // A live endpoint is not a test key's to delete.
    expect((await send(emulator(), {method: 'DELETE', path: `/v1/webhook_endpoints/${live.id}`})).status).toBe(404);
  });

  it('POST /v1/webhook_endpoints/<id> moves an endpoint, keeping its secret; setWebhookEndpointUrl does the same', async () => {
    const {id, secret} = await endpoint(emulator(), 'http://127.0.0.1:9/not-yet');
    const moved = await send(emulator(), {
      method: 'POST',
      path: `/v1/webhook_endpoints/${id}`,
      body: form({url: receiver.url}),
    });
    expect(moved.json).toMatchObject({id, url: receiver.url});
    expect(moved.text).not.toContain('whsec_');
    await trigger(emulator(), 'customer.created', {account: 'acct_1Shop'});
    const [got] = await receiver.waitFor(1);
    expect(stripe.webhooks.constructEvent(got.body, got.signature, secret).type).toBe('customer.created');
    expect(() => emulator().setWebhookEndpointUrl(id, receiver.url)).not.toThrow();
    expect(() => emulator().setWebhookEndpointUrl('we_missing', receiver.url)).toThrow(/No such webhook endpoint/);
    expect(
      (
        await send(emulator(), {
          method: 'POST',
          path: '/v1/webhook_endpoints/we_missing',
          body: form({url: receiver.url}),
        })
      ).status,
    ).toBe(404);
  });

  it('refuses a bad url, no enabled_events, a Dashboard session', async () => {
    expect(
      wireError(
        await send(emulator(), {method: 'POST', path: '/v1/webhook_endpoints', body: 'url=ftp://x&enabled_events[]=*'}),
      ).param,
    ).toBe('url');
    expect(
      wireError(
        await send(emulator(), {method: 'POST', path: '/v1/webhook_endpoints', body: form({url: receiver.url})}),
      ).param,
    ).toBe('enabled_events');
    const token = await emulator().createDashboardSession({account: 'acct_1Shop', user: 'usr_ada'});
    const asView = await send(emulator(), {
      method: 'POST',
      path: '/v1/webhook_endpoints',
      body: `${form({url: receiver.url})}&enabled_events[]=*`,
      key: token,
    });
    expect(asView.status).toBe(403);
  });
});

describe('delivery', () => {
  it("delivers Stripe's event shape, signed so that constructEvent accepts it with the endpoint's secret", async () => {
    const {secret} = await endpoint(emulator(), receiver.url);
    const res = await trigger(emulator(), 'customer.created', {
      account: 'acct_1Shop',
      extra: `&${form({'customer[name]': 'Grace Hopper'})}`,
    });
    expect(res.status).toBe(200);
    const [got] = await receiver.waitFor(1);
    expect(got.contentType).toMatch(/^application\/json/);
    expect(got.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const event = stripe.webhooks.constructEvent(got.body, got.signature, secret);
    expect(event).toMatchObject({
      id: (res.json as {id: string}).id,
      object: 'event',
      account: 'acct_1Shop',
      livemode: false,
      type: 'customer.created',
      api_version: expect.stringMatching(/^\d{4}-\d{2}-\d{2}/),
      created: expect.any(Number),
      data: {object: {id: expect.stringMatching(/^cus_/), object: 'customer', name: 'Grace Hopper', livemode: false}},
    });
    expect(() => stripe.webhooks.constructEvent(got.body, got.signature, 'whsec_other')).toThrow();
    expect(() => stripe.webhooks.constructEvent(got.body.replace('Grace', 'Vic'), got.signature, secret)).toThrow();
  });

  it('install and uninstall events carry the application; a Dashboard session triggers for its own account and mode', async () => {
    const {secret} = await endpoint(emulator(), receiver.url);
    const token = await emulator().createDashboardSession({account: 'acct_1Shop', user: 'usr_vic', permissions: []});
    expect((await trigger(emulator(), 'account.application.authorized', {key: token})).status).toBe(200);
    expect((await trigger(emulator(), 'account.application.deauthorized', {key: token})).status).toBe(200);
    const got = await receiver.waitFor(2);
    const events = got.map((r) => stripe.webhooks.constructEvent(r.body, r.signature, secret));
    expect(events.map((e) => e.type).sort()).toEqual([
      'account.application.authorized',
      'account.application.deauthorized',
    ]);
    for (const event of events)
      expect(event).toMatchObject({account: 'acct_1Shop', livemode: false, data: {object: {object: 'application'}}});
  });

  it('retries after a 500 with the same event id and body, a fresh signature, and the configured backoff', async () => {
    const {secret} = await endpoint(emulator(), receiver.url);
    receiver.statuses = [500, 503];
    await trigger(emulator(), 'customer.created', {account: 'acct_1Shop'});
    const got = await receiver.waitFor(3);
    const ids = got.map((r) => stripe.webhooks.constructEvent(r.body, r.signature, secret).id);
    expect(new Set(ids).size).toBe(1);
    expect(new Set(got.map((r) => r.body)).size).toBe(1);
    // Each wait is at least the schedule's step (timers never fire early), and the second is longer than the first.
    expect(got[1].at - got[0].at).toBeGreaterThanOrEqual(RETRIES_MS[0] - 1);
    expect(got[2].at - got[1].at).toBeGreaterThanOrEqual(RETRIES_MS[1] - 1);
    await emulator().waitForDeliveries((attempts) => attempts.length === 3);
    expect(
      emulator()
        .deliveries()
        .map((a) => [a.attempt, a.status]),
    ).toEqual([
      [1, 500],
      [2, 503],
      [3, 200],
    ]);
  });

  it('retries after a network error, and stops after the last retry', async () => {
    const closed = new Receiver();
    await closed.start();
    await closed.close();
    await endpoint(emulator(), closed.url);
    await trigger(emulator(), 'customer.created', {account: 'acct_1Shop'});
    await emulator().waitForDeliveries((attempts) => attempts.length === RETRIES_MS.length + 1);
    expect(
      emulator()
        .deliveries()
        .map((a) => [a.attempt, a.status]),
    ).toEqual([
      [1, 0],
      [2, 0],
      [3, 0],
    ]);
    expect(warnings.at(-1)).toMatch(/^Webhook evt_\w+ to we_\w+ failed 3 times; no more retries$/);
  });

  it('only to endpoints listening for the type; a test event reaches test and live connect endpoints, a live event only live ones', async () => {
    const other = new Receiver();
    await other.start();
    try {
      await endpoint(emulator(), receiver.url, undefined, ['customer.created']);
      await endpoint(emulator(), other.url, LIVE_KEY, ['*']);
      await trigger(emulator(), 'account.application.authorized', {account: 'acct_1Shop'});
      await trigger(emulator(), 'customer.created', {account: 'acct_1Shop'});
      await trigger(emulator(), 'customer.created', {account: 'acct_1Shop', key: LIVE_KEY});
      await emulator().waitForDeliveries((attempts) => attempts.length === 4);
      const types = (r: Receiver) =>
        r.received
          .map((x) => JSON.parse(x.body) as {type: string; livemode: boolean})
          .map((e) => `${e.type}:${e.livemode}`);
      expect(types(receiver)).toEqual(['customer.created:false']);
      expect(types(other).sort()).toEqual([
        'account.application.authorized:false',
        'customer.created:false',
        'customer.created:true',
      ]);
    } finally {
      await other.close();
    }
  });

  it('an Idempotency-Key replay answers the same event and sends nothing new', async () => {
    await endpoint(emulator(), receiver.url);
    const first = await trigger(emulator(), 'customer.created', {account: 'acct_1Shop', idempotencyKey: 'click-1'});
    const again = await trigger(emulator(), 'customer.created', {account: 'acct_1Shop', idempotencyKey: 'click-1'});
    expect((again.json as {id: string}).id).toBe((first.json as {id: string}).id);
    expect(again.headers['idempotent-replayed']).toBe('true');
    await emulator().waitForDeliveries((attempts) => attempts.length >= 1);
    const events = await send(emulator(), {path: '/v1/events'});
    expect((events.json as {data: unknown[]}).data).toHaveLength(1);
  });

  it('refuses an unknown trigger type', async () => {
    const res = await trigger(emulator(), 'charge.succeeded');
    expect([res.status, wireError(res).param]).toEqual([400, 'type']);
  });
});
