import type Stripe from 'stripe';
import {ACCOUNT_SCOPE, TestClock, send, stripeFor, emulatorPerTest, wireError} from '../../testing/emulator';

/** Cursor pagination by id, newest first, in both directions; and stripe-node's auto-pagination on top of it. */
const clock = new TestClock();
const emulator = emulatorPerTest({now: clock.now});

/** Five secrets a (oldest) … e (newest), one second apart; returns their ids by name. */
async function seedFive(stripe: Stripe): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const name of ['a', 'b', 'c', 'd', 'e']) {
    ids[name] = (await stripe.apps.secrets.create({name, payload: `p-${name}`, scope: ACCOUNT_SCOPE})).id;
    clock.advance(1);
  }
  return ids;
}

const names = (list: {data: {name: string}[]}) => list.data.map((s) => s.name);

it('the first page holds the newest `limit` secrets, with has_more', async () => {
  const stripe = stripeFor(emulator());
  await seedFive(stripe);
  const page = await stripe.apps.secrets.list({scope: ACCOUNT_SCOPE, limit: 2});
  expect(names(page)).toEqual(['e', 'd']);
  expect(page.has_more).toBe(true);
});

it('starting_after walks to older secrets until has_more is false', async () => {
  const stripe = stripeFor(emulator());
  const ids = await seedFive(stripe);
  const second = await stripe.apps.secrets.list({scope: ACCOUNT_SCOPE, limit: 2, starting_after: ids.d});
  expect([names(second), second.has_more]).toEqual([['c', 'b'], true]);
  const third = await stripe.apps.secrets.list({scope: ACCOUNT_SCOPE, limit: 2, starting_after: ids.b});
  expect([names(third), third.has_more]).toEqual([['a'], false]);
});

it('ending_before walks to newer secrets, each page still newest first', async () => {
  const stripe = stripeFor(emulator());
  const ids = await seedFive(stripe);
  const first = await stripe.apps.secrets.list({scope: ACCOUNT_SCOPE, limit: 2, ending_before: ids.a});
  expect([names(first), first.has_more]).toEqual([['c', 'b'], true]);
  const second = await stripe.apps.secrets.list({scope: ACCOUNT_SCOPE, limit: 2, ending_before: ids.c});
  expect([names(second), second.has_more]).toEqual([['e', 'd'], false]);
});

it('starting_after the oldest secret is an empty page', async () => {
  const stripe = stripeFor(emulator());
  const ids = await seedFive(stripe);
  const page = await stripe.apps.secrets.list({scope: ACCOUNT_SCOPE, starting_after: ids.a});
  expect([names(page), page.has_more]).toEqual([[], false]);
});

it('autoPagingToArray collects every secret, newest first, two per page', async () => {
  const stripe = stripeFor(emulator());
  await seedFive(stripe);
  const all = await stripe.apps.secrets.list({scope: ACCOUNT_SCOPE, limit: 2}).autoPagingToArray({limit: 100});
  expect(all.map((s) => s.name)).toEqual(['e', 'd', 'c', 'b', 'a']);
});

it('auto-pagination backwards from ending_before yields the newer secrets, nearest first', async () => {
  const stripe = stripeFor(emulator());
  const ids = await seedFive(stripe);
  const all = await stripe.apps.secrets
    .list({scope: ACCOUNT_SCOPE, limit: 2, ending_before: ids.a})
    .autoPagingToArray({limit: 100});
  expect(all.map((s) => s.name)).toEqual(['b', 'c', 'd', 'e']);
});

it('async iteration over the list visits each secret once', async () => {
  const stripe = stripeFor(emulator());
  await seedFive(stripe);
  const seen: string[] = [];
  for await (const secret of stripe.apps.secrets.list({scope: ACCOUNT_SCOPE, limit: 3})) seen.push(secret.name);
  expect(seen).toEqual(['e', 'd', 'c', 'b', 'a']);
});

it('the default page size is 10', async () => {
  const stripe = stripeFor(emulator());
  for (let i = 0; i < 10; i += 1) await stripe.apps.secrets.create({name: `s${i}`, payload: 'p', scope: ACCOUNT_SCOPE});
  const page = await stripe.apps.secrets.list({scope: ACCOUNT_SCOPE});
  expect([page.data.length, page.has_more]).toEqual([10, false]);
  const nine = await stripe.apps.secrets.list({scope: ACCOUNT_SCOPE, limit: 9});
  expect([nine.data.length, nine.has_more]).toEqual([9, true]);
});

it('limit 1 and limit 100 are both accepted', async () => {
  const stripe = stripeFor(emulator());
  await seedFive(stripe);
  expect(names(await stripe.apps.secrets.list({scope: ACCOUNT_SCOPE, limit: 1}))).toEqual(['e']);
  expect(names(await stripe.apps.secrets.list({scope: ACCOUNT_SCOPE, limit: 100}))).toHaveLength(5);
});

it('a cursor that is not a secret of this scope is a 400 naming the cursor', async () => {
  const stripe = stripeFor(emulator());
  const other = await stripe.apps.secrets.create({name: 'x', payload: 'p', scope: {type: 'user', user: 'usr_1'}});
  const res = await send(emulator(), {path: `/v1/apps/secrets?scope[type]=account&starting_after=${other.id}`});
  expect(res.status).toBe(400);
  expect(wireError(res)).toMatchObject({
    type: 'invalid_request_error',
    code: 'resource_missing',
    param: 'starting_after',
    message: `No such secret: '${other.id}' (the cursor must be a live secret in the same scope)`,
  });
});
