import {
  ACCOUNT_SCOPE,
  T0,
  TestClock,
  contents,
  send,
  stripeError,
  stripeFor,
  emulatorPerTest,
  userScope,
} from '../../testing/emulator';

/**
 * "After expires_at passes the secret is automatically deleted": enforced on every read and write, with a test clock.
 */
const clock = new TestClock();
const emulator = emulatorPerTest({now: clock.now});
beforeEach(() => {
  clock.ms = Date.UTC(2030, 0, 1);
});

it('is found until its expiry second, and not from then on', async () => {
  const stripe = stripeFor(emulator());
  await stripe.apps.secrets.create({name: 'token', payload: 'v', scope: ACCOUNT_SCOPE, expires_at: T0 + 60});
  clock.advance(59);
  expect((await stripe.apps.secrets.find({name: 'token', scope: ACCOUNT_SCOPE})).expires_at).toBe(T0 + 60);
  clock.advance(1);
  const err = await stripeError(stripe.apps.secrets.find({name: 'token', scope: ACCOUNT_SCOPE}));
  expect(err).toMatchObject({statusCode: 404, code: 'resource_missing', message: "No such secret: 'token'"});
});

it('is left out of the list once expired', async () => {
  const stripe = stripeFor(emulator());
  await stripe.apps.secrets.create({name: 'short', payload: 'v', scope: userScope('usr_1'), expires_at: T0 + 10});
  await stripe.apps.secrets.create({name: 'long', payload: 'v', scope: userScope('usr_1'), expires_at: T0 + 1000});
  clock.advance(10);
  const list = await stripe.apps.secrets.list({scope: userScope('usr_1')});
  expect(list.data.map((s) => s.name)).toEqual(['long']);
});

it('no longer counts toward the 10 per scope', async () => {
  const stripe = stripeFor(emulator());
  await stripe.apps.secrets.create({name: 'expiring', payload: 'v', scope: ACCOUNT_SCOPE, expires_at: T0 + 5});
  for (let i = 0; i < 9; i += 1) await stripe.apps.secrets.create({name: `s${i}`, payload: 'v', scope: ACCOUNT_SCOPE});
  expect(
    (await stripeError(stripe.apps.secrets.create({name: 'eleventh', payload: 'v', scope: ACCOUNT_SCOPE}))).statusCode,
  ).toBe(400);
  clock.advance(5);
  await stripe.apps.secrets.create({name: 'eleventh', payload: 'v', scope: ACCOUNT_SCOPE});
  expect((await contents(stripe, [ACCOUNT_SCOPE])).account).toHaveLength(10);
});

it('cannot be deleted once expired: it is already gone', async () => {
  const stripe = stripeFor(emulator());
  await stripe.apps.secrets.create({name: 'k', payload: 'v', scope: ACCOUNT_SCOPE, expires_at: T0 + 1});
  clock.advance(1);
  const res = await send(emulator(), {
    method: 'POST',
    path: '/v1/apps/secrets/delete',
    body: 'name=k&scope[type]=account',
  });
  expect(res.status).toBe(404);
});

it('creating an expired name again makes a new secret, not a replace', async () => {
  const stripe = stripeFor(emulator());
  const first = await stripe.apps.secrets.create({
    name: 'k',
    payload: 'old',
    scope: ACCOUNT_SCOPE,
    expires_at: T0 + 30,
  });
  clock.advance(30);
  const second = await stripe.apps.secrets.create({name: 'k', payload: 'new', scope: ACCOUNT_SCOPE});
  expect(second.id).not.toBe(first.id);
  expect(second.created).toBe(T0 + 30);
});

it('replacing before expiry moves the expiry', async () => {
  const stripe = stripeFor(emulator());
  await stripe.apps.secrets.create({name: 'k', payload: 'v1', scope: ACCOUNT_SCOPE, expires_at: T0 + 10});
  await stripe.apps.secrets.create({name: 'k', payload: 'v2', scope: ACCOUNT_SCOPE, expires_at: T0 + 100});
  clock.advance(50);
  expect((await stripe.apps.secrets.find({name: 'k', scope: ACCOUNT_SCOPE, expand: ['payload']})).payload).toBe('v2');
});

it('accepts an expiry exactly 100 calendar years ahead', async () => {
  const hundredYears = Date.UTC(2130, 0, 1) / 1000;
  const secret = await stripeFor(emulator()).apps.secrets.create({
    name: 'k',
    payload: 'v',
    scope: ACCOUNT_SCOPE,
    expires_at: hundredYears,
  });
  expect(secret.expires_at).toBe(hundredYears);
});
