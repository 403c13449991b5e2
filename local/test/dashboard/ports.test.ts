import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {createServer, type Server} from 'node:net';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {startDashboard} from '../../dashboard';

/**
 * Ports: each of the three servers has its own flag, a busy port is reported with the flag that moves that server, and
 * `npm start -- --port 0` puts every server on a free port, so two Dashboards run side by side. After it stops, no
 * process it started is left (its esbuild services included, which would otherwise linger as zombies where the init
 * does not reap).
 */
jest.setTimeout(60_000);

const ROOT = resolve(__dirname, '../../..');
let blocker: Server;
let busy: number;
const children: ChildProcess[] = [];

beforeAll(async () => {
  blocker = createServer();
  await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
  busy = (blocker.address() as {port: number}).port;
});
afterAll(async () => {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      const exited = new Promise((done) => child.once('exit', done));
      process.kill(-child.pid, 'SIGKILL');
      await exited;
    }
  }
  await new Promise((done) => blocker?.close(done));
});

describe('a busy port names the flag that moves that server', () => {
  test('the page: --port', async () => {
    await expect(startDashboard({port: busy, memory: true, providerPort: false, watch: false})).rejects.toThrow(
      `Port ${busy} on 127.0.0.1 is in use; pick another with --port (0 = any free port).`,
    );
  });

  test('the emulator: --emulator-port', async () => {
    await expect(
      startDashboard({port: 0, emulatorPort: busy, memory: true, providerPort: false, watch: false}),
    ).rejects.toThrow(
      `Secret Store emulator: Port ${busy} on 127.0.0.1 is in use; pick another with --emulator-port (0 = any free port).`,
    );
  });

  test('the provider: --provider-port', async () => {
    const failure = startDashboard({port: 0, memory: true, providerPort: busy, watch: false});
    await expect(failure).rejects.toThrow(
      `Port ${busy} on 127.0.0.1 is in use; pick another with --provider-port (0 = any free port).`,
    );
    await expect(failure).rejects.not.toThrow(/ --port\b/);
  });

  test('the backend: --backend-port', async () => {
    const failure = startDashboard({port: 0, memory: true, providerPort: false, backendPort: busy, watch: false});
    await expect(failure).rejects.toThrow(
      `Keyring backend: Port ${busy} on 127.0.0.1 is in use; pick another with --backend-port (0 = any free port).`,
    );
  });
});

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** `npm start`'s program, in its own process group; resolves once it prints the Dashboard's URL. */
function npmStart(args: string[]): Promise<Started> {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', 'local/dashboard/cli.ts', ...args], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return new Promise((done, fail) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (/Local Dashboard: http:\/\/127\.0\.0\.1:\d+/.test(output)) done({child, output: () => output, exited});
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => fail(new Error(`npm start exited (${code}) before it was ready:\n${output}`)));
  });
}

/** Processes of a session (a detached child leads its own), zombies included; empty without /proc. */
function sessionMembers(sid: number): string[] {
  const members: string[] = [];
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[3]) === sid)
        members.push(`${entry} ${fields[0]} ${stat.slice(stat.indexOf('('), stat.lastIndexOf(')') + 1)}`);
    } catch {
      // gone meanwhile
    }
  }
  return members;
}

/** Waits (a little) for the session to empty: a process still exiting gets its moment; a zombie never leaves. */
async function leftovers(sid: number): Promise<string[]> {
  for (let i = 0; i < 50 && sessionMembers(sid).length > 0; i += 1) await new Promise((tick) => setTimeout(tick, 20));
  return sessionMembers(sid);
}

const portOf = (output: string, label: string) =>
  Number(new RegExp(`${label}: http://127\\.0\\.0\\.1:(\\d+)`).exec(output)?.[1]);

test('two `npm start -- --port 0` run side by side, every server of each on its own free port', async () => {
  const [a, b] = await Promise.all([
    npmStart(['--port', '0', '--memory', '--no-watch']),
    npmStart(['--port', '0', '--memory', '--no-watch']),
  ]);
  const ports = [a, b].flatMap((s) =>
    ['Local Dashboard', 'Secret Store emulator', 'OAuth provider', 'Keyring backend'].map((label) =>
      portOf(s.output(), label),
    ),
  );
  expect(ports.every((p) => Number.isInteger(p) && p > 0)).toBe(true);
  expect(new Set(ports).size).toBe(8);
  expect(ports).not.toContain(4244);
  expect(ports).not.toContain(4245);
  // The backend's signing secret is printed (a local development secret a backend run apart needs), and no other.
  for (const started of [a, b])
    expect(started.output()).toMatch(/Keyring backend: http:\/\/127\.0\.0\.1:\d+ \(signing secret absec_[A-Za-z0-9]+;/);
  expect(a.output()).not.toMatch(/whsec_|sk_(test|live)_/);
  for (const started of [a, b]) {
    process.kill(started.child.pid ?? 0, 'SIGTERM');
    // With its output, so that a failure says why.
    expect({code: await started.exited, signal: started.child.signalCode, output: started.output()}).toMatchObject({
      code: 0,
    });
    expect(await leftovers(started.child.pid ?? 0)).toEqual([]);
  }
});

test('--provider-port moves the provider alone; a bad value is a usage error naming it', async () => {
  const started = await npmStart([
    '--port',
    '0',
    '--provider-port',
    '0',
    '--emulator-port',
    '0',
    '--memory',
    '--no-watch',
  ]);
  expect(portOf(started.output(), 'OAuth provider')).not.toBe(4244);
  process.kill(started.child.pid ?? 0, 'SIGTERM');
  expect(await started.exited).toBe(0);
  expect(await leftovers(started.child.pid ?? 0)).toEqual([]);

  const bad = spawn(process.execPath, ['--require', 'tsx/cjs', 'local/dashboard/cli.ts', '--provider-port', 'x'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(bad);
  let errors = '';
  bad.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
  const code = await new Promise<number | null>((done) => bad.once('exit', (c) => done(c)));
  expect(code).toBe(2);
  expect(errors).toContain('--provider-port must be a whole number from 0 to 65535.');
  expect(errors).toContain('--provider-port <n>  the local OAuth provider');
  expect(await leftovers(bad.pid ?? 0)).toEqual([]);
});

test('Ctrl-C while the views are still building stops everything, at once and cleanly', async () => {
  // The URL is printed before the views are built. A view importing a named pipe nobody writes keeps esbuild reading,
  // so the build is still running when Ctrl-C (SIGINT to the whole process group, esbuild's service included) comes.
  const scratch = mkdtempSync(join(tmpdir(), 'ld-ctrl-c-'));
  try {
    const app = join(scratch, 'app');
    cpSync(join(ROOT, 'local', 'test', 'e2e', 'fixtures', 'fetcher'), app, {recursive: true});
    writeFileSync(
      join(app, 'src', 'views', 'FetchDrawer.tsx'),
      "import text from './pipe.txt' with {type: 'text'};\nexport default () => String(text);\n",
    );
    expect(spawnSync('mkfifo', [join(app, 'src', 'views', 'pipe.txt')]).status).toBe(0);
    // A build timeout far beyond this test's: stopping must not wait for the build.
    const started = await npmStart(['--app', app, '--port', '0', '--memory', '--build-timeout', '600']);
    expect(started.output()).not.toContain('Ready in');
    process.kill(-(started.child.pid ?? 0), 'SIGINT');
    const code = await started.exited;
    expect({code, output: started.output()}).toMatchObject({code: 0});
    expect(await leftovers(started.child.pid ?? 0)).toEqual([]);
  } finally {
    rmSync(scratch, {recursive: true, force: true});
  }
});
