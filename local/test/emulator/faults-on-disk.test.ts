import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {startEmulator, type RunningEmulator} from '../../emulator';
import {ACCOUNT_SCOPE, send, stripeError, stripeFor, userScope, wireError} from '../../testing/emulator';

/**
 * The data directory under faults: a disk that fills up mid-write, and locks left by processes that are gone (a zombie
 * after `kill -9`, a pid reused by another program) or held by a live emulator.
 */
jest.setTimeout(30_000);

const ROOT = resolve(__dirname, '../../..');
let dir: string;
let running: RunningEmulator[] = [];
let children: ChildProcess[] = [];

async function start(dataDir = dir): Promise<RunningEmulator> {
  const emulator = await startEmulator({port: 0, dataDir, warn: () => undefined});
  running.push(emulator);
  return emulator;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyring-disk-'));
});
afterEach(async () => {
  await Promise.all(running.map((e) => e.close()));
  running = [];
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGKILL');
      await exited;
    }
  }
  children = [];
  await rm(dir, {recursive: true, force: true});
});

/* ---------- a full disk ---------- */

const isRoot = process.getuid?.() === 0;
const canMount = isRoot && spawnSync('mount', ['--version']).status === 0;
if (!canMount) {
  console.log(
    'faults-on-disk: the full-disk test is skipped — it mounts a 64 KiB tmpfs, which needs root (CI runs as root).',
  );
}
const fullDiskTest = canMount ? test : test.skip;

fullDiskTest(
  'a full disk: the failed write is cut back, memory keeps only what was acknowledged, a restart keeps all of it',
  async () => {
    const mountPoint = join(dir, 'tiny');
    await rm(mountPoint, {recursive: true, force: true});
    spawnSync('mkdir', ['-p', mountPoint]);
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k,mode=0700', 'tmpfs', mountPoint]);
    expect(mounted.status).toBe(0);
    try {
      const data = join(mountPoint, 'store');
      let emulator = await start(data);
      let stripe = stripeFor(emulator);
      const payload = (i: number) => `${String(i).padStart(4, '0')}${'x'.repeat(3_900)}`;
      const acknowledged = new Map<string, string>();
      // A long name makes its delete's journal line longer than any space a filled disk leaves (see below).
      const longName = `doomed_${'n'.repeat(300)}`;
      await stripe.apps.secrets.create({name: longName, payload: 'kept', scope: ACCOUNT_SCOPE});
      acknowledged.set(`account/${longName}`, 'kept');
      let failure: Awaited<ReturnType<typeof stripeError>> | undefined;
      // Each write is a ~4 KiB journal line: a 64 KiB disk fills within 16.
      for (let i = 0; i < 40 && !failure; i += 1) {
        const user = `usr_${Math.floor(i / 10)}`;
        const name = `k${i % 10}`;
        try {
          await stripe.apps.secrets.create({name, payload: payload(i), scope: userScope(user)});
          acknowledged.set(`${user}/${name}`, payload(i));
        } catch (err) {
          failure = await stripeError(Promise.reject(err));
          // The one that failed is not there: memory was put back.
          expect(failure.statusCode).toBe(500);
          expect(failure.message).toContain('ENOSPC');
          expect(failure.message).toContain('nothing was changed');
          await expect(stripe.apps.secrets.find({name, scope: userScope(user)})).rejects.toMatchObject({
            statusCode: 404,
          });
        }
      }
      expect(failure).toBeDefined();
      expect(acknowledged.size).toBeGreaterThan(5);

      // A replace and a delete that cannot be written change nothing either.
      const [firstKey, firstPayload] = [...acknowledged][0];
      const [user0, name0] = firstKey.split('/');
      await expect(
        stripe.apps.secrets.create({name: name0, payload: 'y'.repeat(4_000), scope: userScope(user0)}),
      ).rejects.toMatchObject({statusCode: 500});
      // Fill what is left until even the smallest record (~200 bytes) does not fit; the long name's delete (~400)
      // cannot.
      for (let n = 2_048; n >= 1; n = n > 1 ? Math.floor(n / 2) : 0) {
        await stripe.apps.secrets.create({name: 'filler', payload: 'f'.repeat(n), scope: ACCOUNT_SCOPE}).then(
          () => acknowledged.set('account/filler', 'f'.repeat(n)),
          () => undefined,
        );
      }
      const del = await send(emulator, {
        method: 'POST',
        path: '/v1/apps/secrets/delete',
        body: `name=${longName}&scope[type]=account`,
      });
      expect(del.status).toBe(500);
      expect(wireError(del).message).toContain('nothing was changed');

      const visible = async () => {
        const out = new Map<string, string>();
        for (const scope of [ACCOUNT_SCOPE, ...[0, 1, 2, 3].map((u) => userScope(`usr_${u}`))]) {
          const list = await stripe.apps.secrets.list({scope, limit: 100, expand: ['data.payload']});
          for (const s of list.data)
            out.set(`${scope.type === 'user' ? scope.user : 'account'}/${s.name}`, s.payload ?? '');
        }
        return out;
      };
      expect(await visible()).toEqual(acknowledged);
      expect(acknowledged.get(firstKey)).toBe(firstPayload);

      // No half-written line is left for the next write to land on.
      const journal = await readFile(join(data, 'journal.jsonl'));
      expect(journal[journal.length - 1]).toBe(0x0a);
      for (const line of journal.toString('utf8').trimEnd().split('\n'))
        expect(() => JSON.parse(line) as unknown).not.toThrow();

      // Room again: writes resume, and a restart has every acknowledged write.
      expect(spawnSync('mount', ['-o', 'remount,size=1m', mountPoint]).status).toBe(0);
      await stripe.apps.secrets.create({name: 'later', payload: 'after the disk had room', scope: ACCOUNT_SCOPE});
      acknowledged.set('account/later', 'after the disk had room');
      await emulator.close();
      running = running.filter((e) => e !== emulator);
      emulator = await start(data);
      stripe = stripeFor(emulator);
      expect(await visible()).toEqual(acknowledged);
      await emulator.close();
      running = running.filter((e) => e !== emulator);
    } finally {
      await Promise.all(running.map((e) => e.close()));
      running = [];
      spawnSync('umount', [mountPoint]);
    }
  },
);

/* ---------- the lock ---------- */

const LOCK = 'emulator.lock';
const bootId = () => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
/** `pid (comm) state … starttime` → [state, starttime] */
function stat(pid: number): [string, string] {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return [fields[0], fields[19]];
}
const hasProc = (() => {
  try {
    readFileSync('/proc/self/stat');
    return true;
  } catch {
    return false;
  }
})();
const procTest = hasProc ? test : test.skip;

function spawnTracked(command: string, args: string[]): ChildProcess {
  const child = spawn(command, args, {cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe']});
  children.push(child);
  return child;
}

procTest('a lock left by a zombie (an emulator killed with -9, not yet reaped) is taken over', async () => {
  // A Node process starts a child that exits at once, then blocks in a synchronous read: its event loop cannot reap the
  // child, which stays a zombie until we write a line — then it is reaped and the process exits, leaving nothing.
  const parent = spawnTracked(process.execPath, [
    '-e',
    "const c = require('node:child_process').spawn('true', {stdio: 'ignore'}); process.stdout.write(c.pid + '\\n'); require('node:fs').readSync(0, Buffer.alloc(1)); c.on('exit', () => process.exit(0));",
  ]);
  const zombie = await new Promise<number>((done) =>
    parent.stdout?.once('data', (chunk: Buffer) => done(Number(chunk.toString().trim()))),
  );
  for (let i = 0; i < 500 && stat(zombie)[0] !== 'Z'; i += 1) await new Promise((tick) => setTimeout(tick, 10));
  const [state, startTime] = stat(zombie);
  expect(state).toBe('Z');
  // Exactly what that process would have written had it been the emulator.
  await writeFile(join(dir, LOCK), `${zombie}\n${bootId()} ${startTime}\n`);
  const emulator = await start();
  await stripeFor(emulator).apps.secrets.create({name: 'k', payload: 'v', scope: ACCOUNT_SCOPE});
  expect((await readFile(join(dir, LOCK), 'utf8')).split('\n')[0]).toBe(String(process.pid));
  const exited = new Promise((done) => parent.once('exit', done));
  parent.stdin?.end('\n');
  await exited;
});

procTest(
  'a lock naming a live process that is not its emulator (a pid reused after a reboot) is taken over',
  async () => {
    const other = spawnTracked('sleep', ['30']);
    const pid = other.pid ?? 0;
    const [, startTime] = stat(pid);
    // The same pid, but the emulator that wrote the lock started at another time (or in another boot).
    await writeFile(join(dir, LOCK), `${pid}\n${bootId()} ${Number(startTime) + 1}\n`);
    running.push(await start());
    await running[0].close();
    running = [];
    await writeFile(join(dir, LOCK), `${pid}\nanother-boot ${startTime}\n`);
    running.push(await start());
    await running[0].close();
    running = [];
    // An old lock with only a pid: the owner must at least be a Node process, and `sleep` is not.
    await writeFile(join(dir, LOCK), `${pid}\n`);
    await start();
  },
);

procTest('a live emulator in another process keeps its lock, and after kill -9 the next one starts', async () => {
  const cli = join(ROOT, 'local/emulator/cli.ts');
  const owner = spawnTracked(process.execPath, ['--require', 'tsx/cjs', cli, '--port', '0', '--data', dir, '--quiet']);
  let output = '';
  await new Promise<void>((done, fail) => {
    owner.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('listening on')) done();
    });
    owner.once('exit', () => fail(new Error(`the emulator exited: ${output}`)));
  });
  await expect(start()).rejects.toThrow(`Another Secret Store emulator (pid ${owner.pid}) is already using ${dir}`);
  const exited = new Promise((done) => owner.once('exit', done));
  owner.kill('SIGKILL');
  await exited;
  await start();
});
