import {appendFile, mkdtemp, readFile, rm, stat, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {startEmulator, type EmulatorOptions, type RunningEmulator} from '../../emulator';
import {
  ACCOUNT_SCOPE,
  LIVE_KEY,
  T0,
  TestClock,
  contents,
  stripeError,
  stripeFor,
  userScope,
} from '../../testing/emulator';

/**
 * Durable mode: what was acknowledged survives a restart, a torn write does not poison the data, and the files stay
 * private.
 */
let dir: string;
let running: RunningEmulator[] = [];
let warnings: string[];
const clock = new TestClock();

async function start(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const emulator = await startEmulator({
    port: 0,
    dataDir: dir,
    now: clock.now,
    warn: (line) => warnings.push(line),
    ...options,
  });
  running.push(emulator);
  return emulator;
}

async function stop(emulator: RunningEmulator): Promise<void> {
  running = running.filter((e) => e !== emulator);
  await emulator.close();
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyring-emulator-'));
  warnings = [];
  clock.ms = Date.UTC(2030, 0, 1);
});
afterEach(async () => {
  await Promise.all(running.map((e) => e.close()));
  running = [];
  await rm(dir, {recursive: true, force: true});
});

const SCOPES = [ACCOUNT_SCOPE, userScope('usr_ada'), userScope('usr_bob')];

async function picture(emulator: RunningEmulator) {
  return {
    test: await contents(stripeFor(emulator), SCOPES),
    live: await contents(stripeFor(emulator, LIVE_KEY), SCOPES),
    other: await contents(stripeFor(emulator), SCOPES, 'acct_other'),
  };
}

const mode = async (path: string) => (await stat(path)).mode & 0o777;

it('everything acknowledged is there after a restart: creates, replaces, deletes, modes and accounts', async () => {
  const first = await start();
  const stripe = stripeFor(first);
  await stripe.apps.secrets.create({name: 'api_key', payload: 'k1', scope: ACCOUNT_SCOPE});
  await stripe.apps.secrets.create({
    name: 'oauth',
    payload: 'ada-token',
    scope: userScope('usr_ada'),
    expires_at: T0 + 3600,
  });
  await stripe.apps.secrets.create({name: 'oauth', payload: 'bob-token', scope: userScope('usr_bob')});
  await stripe.apps.secrets.create({name: 'api_key', payload: 'k2', scope: ACCOUNT_SCOPE});
  await stripe.apps.secrets.create({name: 'doomed', payload: 'x', scope: ACCOUNT_SCOPE});
  await stripe.apps.secrets.deleteWhere({name: 'doomed', scope: ACCOUNT_SCOPE});
  await stripeFor(first, LIVE_KEY).apps.secrets.create({name: 'api_key', payload: 'live', scope: ACCOUNT_SCOPE});
  await stripe.apps.secrets.create(
    {name: 'api_key', payload: 'other', scope: ACCOUNT_SCOPE},
    {stripeAccount: 'acct_other'},
  );
  const before = await picture(first);
  await stop(first);

  const second = await start();
  expect(await picture(second)).toEqual(before);
  expect(before.test.account).toEqual([expect.objectContaining({name: 'api_key', payload: 'k2'})]);
  expect(before.test['user:usr_ada']).toEqual([expect.objectContaining({payload: 'ada-token', expires_at: T0 + 3600})]);
});

it('keeps its files private: data directory 0700, files 0600', async () => {
  const emulator = await start({compactAfterLines: 5});
  const stripe = stripeFor(emulator);
  for (let i = 0; i < 8; i += 1) await stripe.apps.secrets.create({name: 'k', payload: `v${i}`, scope: ACCOUNT_SCOPE});
  expect(await mode(dir)).toBe(0o700);
  expect(await mode(join(dir, 'journal.jsonl'))).toBe(0o600);
  expect(await mode(join(dir, 'snapshot.jsonl'))).toBe(0o600);
  expect(await mode(join(dir, 'emulator.lock'))).toBe(0o600);
});

it('ignores a torn last journal line (a write the crash interrupted) and carries on', async () => {
  const first = await start();
  await stripeFor(first).apps.secrets.create({name: 'kept', payload: 'v', scope: ACCOUNT_SCOPE});
  await stop(first);
  const journal = join(dir, 'journal.jsonl');
  const intact = await readFile(journal, 'utf8');
  await appendFile(
    journal,
    '{"op":"put","id":"appsecret_torn","livemode":false,"account":"acct_local_default","scope":{"type":"acc',
  );

  const second = await start();
  expect((await contents(stripeFor(second), [ACCOUNT_SCOPE])).account.map((s) => s.name)).toEqual(['kept']);
  expect(warnings).toEqual([expect.stringContaining('ignoring an incomplete last record')]);
  expect(await readFile(journal, 'utf8')).toBe(intact);

  await stripeFor(second).apps.secrets.create({name: 'after', payload: 'v', scope: ACCOUNT_SCOPE});
  await stop(second);
  const third = await start();
  expect((await contents(stripeFor(third), [ACCOUNT_SCOPE])).account.map((s) => s.name)).toEqual(['after', 'kept']);
});

it('refuses to start on a journal damaged in the middle, saying which line', async () => {
  const first = await start();
  await stripeFor(first).apps.secrets.create({name: 'a', payload: 'v', scope: ACCOUNT_SCOPE});
  await stop(first);
  const journal = join(dir, 'journal.jsonl');
  await writeFile(journal, `not json\n${await readFile(journal, 'utf8')}`);
  await expect(start()).rejects.toThrow(
    `${journal}, line 1, is damaged (not a Secret Store record). Move the data directory away to start afresh.`,
  );
});

it('a second emulator on the same directory refuses to start while the first runs', async () => {
  const first = await start();
  await expect(start()).rejects.toThrow(
    `Another Secret Store emulator (pid ${process.pid}) is already using ${dir}. Stop it, or start this one with --data <another dir> or --memory.`,
  );
  await stop(first);
  await expect(start()).resolves.toBeDefined();
});

it('takes over a lock left by a process that no longer exists', async () => {
  await writeFile(join(dir, 'emulator.lock'), '999999999\n');
  const emulator = await start();
  await stripeFor(emulator).apps.secrets.create({name: 'a', payload: 'v', scope: ACCOUNT_SCOPE});
  // The pid, then who that process is (boot and start time), so that a reused pid is not mistaken for the owner.
  expect(await readFile(join(dir, 'emulator.lock'), 'utf8')).toMatch(
    new RegExp(`^${process.pid}\\n[0-9a-f-]{36} \\d+\\n$`),
  );
});

it('compacts a long journal into a snapshot, and restarts from it with the same state', async () => {
  const first = await start({compactAfterLines: 20});
  const stripe = stripeFor(first);
  for (let i = 0; i < 60; i += 1)
    await stripe.apps.secrets.create({name: `k${i % 3}`, payload: `v${i}`, scope: userScope('usr_ada')});
  await stripe.apps.secrets.deleteWhere({name: 'k0', scope: userScope('usr_ada')});
  const before = await picture(first);
  await stop(first);
  const journalLines = (await readFile(join(dir, 'journal.jsonl'), 'utf8')).split('\n').length - 1;
  expect(journalLines).toBeLessThan(20);
  const snapshot = (await readFile(join(dir, 'snapshot.jsonl'), 'utf8')).split('\n');
  expect(JSON.parse(snapshot[0])).toEqual({format: 'keyring-secret-store', version: 1});

  const second = await start();
  expect(await picture(second)).toEqual(before);
  expect(before.test['user:usr_ada'].map((s) => s.payload)).toEqual(['v59', 'v58']);
});

it('concurrent writes are all kept, and the limit of 10 holds under concurrency', async () => {
  const first = await start();
  const stripe = stripeFor(first);
  const users = ['usr_ada', 'usr_bob'];
  const results = await Promise.allSettled(
    users.flatMap((user) =>
      Array.from({length: 15}, (_, i) =>
        stripe.apps.secrets.create({name: `s${i}`, payload: `${user}-${i}`, scope: userScope(user)}),
      ),
    ),
  );
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(20);
  const before = await picture(first);
  expect(before.test['user:usr_ada']).toHaveLength(10);
  await stop(first);
  const second = await start();
  expect(await picture(second)).toEqual(before);
});

it('drops secrets that expired while it was stopped', async () => {
  const first = await start();
  await stripeFor(first).apps.secrets.create({name: 'brief', payload: 'v', scope: ACCOUNT_SCOPE, expires_at: T0 + 60});
  await stripeFor(first).apps.secrets.create({name: 'lasting', payload: 'v', scope: ACCOUNT_SCOPE});
  await stop(first);
  clock.advance(120);
  const second = await start();
  expect((await contents(stripeFor(second), [ACCOUNT_SCOPE])).account.map((s) => s.name)).toEqual(['lasting']);
});

it('keeps Dashboard sessions in memory only: a restart ends them', async () => {
  const first = await start();
  const token = await first.createDashboardSession({account: 'acct_local_default', user: 'usr_ada'});
  await stripeFor(first, token).apps.secrets.list({scope: ACCOUNT_SCOPE});
  await stop(first);
  const second = await start();
  const err = await stripeError(stripeFor(second, token).apps.secrets.list({scope: ACCOUNT_SCOPE}));
  expect(err).toMatchObject({statusCode: 401, type: 'StripeAuthenticationError'});
});
