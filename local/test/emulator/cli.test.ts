import {spawn, type ChildProcess} from 'node:child_process';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import Stripe from 'stripe';
import {readSigningSecrets} from '../../emulator';
import {ACCOUNT_SCOPE, TEST_KEY, userScope} from '../../testing/emulator';

/**
 * The emulator as a process: `npm run emulator`, a clean stop on SIGTERM, and acknowledged writes surviving SIGKILL.
 */
jest.setTimeout(30_000);

const ROOT = resolve(__dirname, '../../..');
let children: ChildProcess[] = [];
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyring-cli-'));
});
afterEach(async () => {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null && child.pid) process.kill(-child.pid, 'SIGKILL');
  }
  children = [];
  await rm(dir, {recursive: true, force: true});
});

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

/** Spawns in its own process group (so npm and its child can be signalled together) and waits for the URL. */
function launch(command: string, args: string[], stdin: 'ignore' | 'pipe' = 'ignore'): Promise<Started> {
  const child = spawn(command, args, {cwd: ROOT, detached: true, stdio: [stdin, 'pipe', 'pipe']});
  children.push(child);
  let output = '';
  // 'close', not 'exit': npm can exit before the emulator beneath it has written its last lines to the shared pipe.
  const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  return new Promise((resolveStart, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /Secret Store emulator listening on (http:\/\/127\.0\.0\.1:\d+) \((memory|data: .+)\)/.exec(output);
      if (match) resolveStart({child, url: match[1], output: () => output, exited});
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => reject(new Error(`exited with ${code} before listening:\n${output}`)));
  });
}

const stripeAt = (url: string) => {
  const {port} = new URL(url);
  return new Stripe(TEST_KEY, {host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0});
};

it('`npm run emulator -- --port 0 --memory` prints its URL, serves, and stops cleanly on SIGTERM', async () => {
  const started = await launch('npm', ['run', '--silent', 'emulator', '--', '--port', '0', '--memory']);
  expect(started.output()).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+ \(memory\)/);
  const stripe = stripeAt(started.url);
  await stripe.apps.secrets.create({name: 'k', payload: 'never logged', scope: ACCOUNT_SCOPE});
  expect((await stripe.apps.secrets.list({scope: ACCOUNT_SCOPE})).data).toHaveLength(1);
  process.kill(-(started.child.pid ?? 0), 'SIGTERM');
  await started.exited;
  expect(started.output()).toContain('SIGTERM, stopping');
  expect(started.output()).toContain('POST /v1/apps/secrets → 200');
  expect(started.output()).not.toContain('never logged');
});

it('what it acknowledged survives a SIGKILL, and the restarted process says where its data is', async () => {
  const cli = join(ROOT, 'local/emulator/cli.ts');
  const first = await launch(process.execPath, ['--require', 'tsx/cjs', cli, '--port', '0', '--data', dir, '--quiet']);
  const stripe = stripeAt(first.url);
  await Promise.all(
    Array.from({length: 30}, (_, i) =>
      stripe.apps.secrets.create({name: `k${i % 10}`, payload: `v${i}`, scope: userScope(`usr_${i % 3}`)}),
    ),
  );
  process.kill(-(first.child.pid ?? 0), 'SIGKILL');
  await first.exited;

  const second = await launch(process.execPath, ['--require', 'tsx/cjs', cli, '--port', '0', '--data', dir, '--quiet']);
  expect(second.output()).toContain(`(data: ${dir})`);
  const after = stripeAt(second.url);
  for (const user of ['usr_0', 'usr_1', 'usr_2']) {
    const list = await after.apps.secrets.list({scope: userScope(user), limit: 100});
    expect(list.data).toHaveLength(10);
  }
  process.kill(-(second.child.pid ?? 0), 'SIGTERM');
  expect(await second.exited).toBe(0);
});

it('--exit-with-stdin: when its parent goes (standard input closes) it stops cleanly, keeping what it acknowledged', async () => {
  const cli = join(ROOT, 'local/emulator/cli.ts');
  const args = ['--require', 'tsx/cjs', cli, '--port', '0', '--data', dir, '--quiet', '--exit-with-stdin'];
  const first = await launch(process.execPath, args, 'pipe');
  await stripeAt(first.url).apps.secrets.create({name: 'kept', payload: 'v', scope: ACCOUNT_SCOPE});
  first.child.stdin?.end();
  expect(await first.exited).toBe(0);
  expect(first.output()).toContain('Secret Store emulator: standard input closed, stopping');

  // Without the flag a closed standard input changes nothing (`npm run emulator` started with no terminal).
  const second = await launch(process.execPath, args.slice(0, -1), 'pipe');
  second.child.stdin?.end();
  await new Promise((settle) => second.child.stdin?.once('close', settle));
  const {data} = await stripeAt(second.url).apps.secrets.list({scope: ACCOUNT_SCOPE});
  expect(data.map((s) => s.name)).toEqual(['kept']);
  expect(second.child.exitCode).toBeNull();
  process.kill(-(second.child.pid ?? 0), 'SIGTERM');
  expect(await second.exited).toBe(0);
});

it('--rotate-signing-secret makes a new app signing secret at start and keeps the old one signing', async () => {
  const before = await readSigningSecrets(dir);
  const cli = join(ROOT, 'local/emulator/cli.ts');
  const started = await launch(process.execPath, [
    '--require',
    'tsx/cjs',
    cli,
    '--port',
    '0',
    '--data',
    dir,
    '--quiet',
    '--rotate-signing-secret',
  ]);
  const after = await readSigningSecrets(dir);
  expect(after).toHaveLength(2);
  expect(after[1]).toBe(before[0]);
  expect(started.output()).not.toContain('absec_');
  process.kill(-(started.child.pid ?? 0), 'SIGTERM');
  expect(await started.exited).toBe(0);
});
