import {spawn, type ChildProcessWithoutNullStreams} from 'node:child_process';
import {readdirSync, readFileSync} from 'node:fs';
import {createServer, type AddressInfo, type Server} from 'node:net';
import {setPriority} from 'node:os';
import {join, resolve} from 'node:path';
import {createInterface} from 'node:readline';
import {nodeProgram} from '../node-program';
import type {KeyCheckStats} from './key-check';
import {
  CLOCK_LINE,
  LISTENING_LINE,
  OAUTH_POOL,
  START_FAILED_LINE,
  STOPPED_LINE,
  checkOptions,
  type OAuthProviderOptions,
  type RunningOAuthProvider,
} from './options';

/**
 * Starts the local OAuth provider in its own Node process (local/oauth/cli.ts, bundled by ../node-program.ts).
 * oidc-provider is an ES-module-only package, which Jest (running our code as CommonJS) cannot load; so this file never
 * imports it, and Jest and the local Dashboard both start the provider through here.
 *
 * The port is bound here and the listening socket handed to the child, so the provider's URL is known (and a busy
 * port reported) at once, while the child takes its second or more to load; requests made meanwhile wait in the
 * socket's queue. `returnWhenBound` lets a caller go on without waiting for the child. Under Jest, a provider on any
 * free port runs in a process that is already loaded instead (see OAUTH_POOL below), and is returned once it listens.
 */
export interface SpawnOAuthProviderOptions extends OAuthProviderOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Receives the provider's request log, one line per request; without it the log is not written at all. */
  log?: (line: string) => void;
  /** How long to wait for the provider to listen; default 20 s. */
  startTimeoutMs?: number;
  /**
   * Resolve once the port is bound, not once the provider answers (the default): `listening` then says when it does,
   * or why it could not start.
   */
  returnWhenBound?: boolean;
  /**
   * Load at a lower CPU priority, so that what waits for the caller meanwhile (npm start's first view) gets the CPU
   * first; the priority is given back once the provider answers, where the system lets a process do that.
   */
  loadInBackground?: boolean;
}

// Under Jest and tsx (CommonJS) __dirname is this folder; the fallback covers an ES-module loader run from the root.
const HERE = typeof __dirname === 'string' ? __dirname : resolve('local/oauth');
const ROOT = resolve(HERE, '../..');
const CLI = join(HERE, 'cli.ts');

/** Processes kept per worker; a file rarely runs more than two providers at once. */
const MAX_PARKED = 3;

/** The provider's process: its output lines and standard error come as events, whoever started it. */
type ProviderProcess = ChildProcessWithoutNullStreams;
const LINE = 'keyring-line';
const STDERR = 'keyring-stderr';

function emitLines(child: ProviderProcess): ProviderProcess {
  createInterface({input: child.stdout}).on('line', (line) => child.emit(LINE, line));
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => child.emit(STDERR, chunk));
  return child;
}

const alive = (child: ProviderProcess) => child.exitCode === null && child.signalCode === null;

/**
 * Provider processes a Jest worker keeps between test files: the array its test environment puts on the global under
 * OAUTH_POOL (local/testing/node-environment.ts). A test that starts a provider on any free port (the usual case) takes
 * a process from it, or starts one that stays loaded (`--pooled`, see cli.ts); closing the provider stops it in that
 * process, which goes back to the array. Each of the about 45 starts of a full run otherwise loaded oidc-provider anew:
 * 0.3 s of CPU each. Outside Jest there is no array, and every provider has a process of its own.
 */
function poolOf(port: number): ProviderProcess[] | undefined {
  const pool = (globalThis as Record<string, unknown>)[OAUTH_POOL];
  // A given port is bound here, so that a busy one is reported as the provider's own command reports it.
  return port === 0 && Array.isArray(pool) ? (pool as ProviderProcess[]) : undefined;
}

/**
 * A loaded process from the pool (`parked`), or a new one that will be kept; neither keeps the worker from exiting.
 * `fresh` skips the parked ones.
 */
async function takePooled(pool: ProviderProcess[], fresh: boolean): Promise<{child: ProviderProcess; parked: boolean}> {
  if (!fresh) for (let child = pool.pop(); child; child = pool.pop()) if (alive(child)) return {child, parked: true};
  const child = spawn(process.execPath, [...(await nodeProgram(CLI)), '--pooled'], {cwd: ROOT, stdio: 'pipe'});
  emitLines(child);
  // It outlives whoever writes to it: a write to one that has just died is seen by its exit, not thrown.
  child.stdin.on('error', () => undefined);
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as {unref(): void}).unref();
  return {child, parked: false};
}

/**
 * How long a parked process may take to answer `start`. It has loaded already and answers within milliseconds; one
 * that has not answered by then is ended, and the provider starts in a new process instead (spawnOAuthProvider).
 */
const PARKED_ANSWER_MS = 5_000;

/** A parked process did not answer `start` in time: it has been ended, and a new process can take the start. */
class ParkedProcessSilent extends Error {}

/**
 * Where a process that does not answer stands, for the error that says so: its state and what each of its threads
 * waits on in the kernel (Linux's /proc; empty elsewhere), e.g. "state S; threads wait in do_epoll_wait,
 * futex_wait ×4".
 */
function processState(pid: number | undefined): string {
  if (pid === undefined) return '';
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    const waits = readdirSync(`/proc/${pid}/task`).map((task) =>
      readFileSync(`/proc/${pid}/task/${task}/wchan`, 'utf8'),
    );
    const counts = new Map<string, number>();
    for (const wait of waits) counts.set(wait, (counts.get(wait) ?? 0) + 1);
    const threads = [...counts].map(([wait, n]) => (n === 1 ? wait : `${wait} ×${n}`)).join(', ');
    return ` (process ${pid}: state ${state}; threads wait in ${threads})`;
  } catch {
    return '';
  }
}

/** A provider started here can also move its clock on, so tests reach expiry without waiting for it. */
export interface SpawnedOAuthProvider extends RunningOAuthProvider {
  /** Moves the provider's clock `seconds` ahead (its tokens, codes and sessions age that much); resolves once done. */
  advanceClock(seconds: number): Promise<void>;
  /** Marks an API key refused at the provider's `/api/key-check` from now on (a key revoked at the third party). */
  refuseKey(key: string): Promise<void>;
  /** How many key checks the provider answered, accepted and refused. */
  keyCheckStats(): Promise<KeyCheckStats>;
  /** Resolves once the provider answers requests; rejects with the reason it could not start. */
  listening: Promise<void>;
}

/** Binds the port on 127.0.0.1 in this process; a busy port is named as the provider's own command names it. */
async function bind(port: number): Promise<Server> {
  const server = createServer();
  // Only the child accepts: a connection this process took before handing the socket over is refused, not left open.
  server.on('connection', (socket) => socket.destroy());
  await new Promise<void>((done, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`Port ${port} on 127.0.0.1 is in use; pick another with --port (0 = any free port).`)
          : err,
      ),
    );
    server.listen(port, '127.0.0.1', () => done());
  });
  return server;
}

/** The listening socket's descriptor, where Node has one to hand to a child (not on Windows). */
function descriptorOf(server: Server): number | undefined {
  const fd = (server as unknown as {_handle?: {fd?: unknown}})._handle?.fd;
  return typeof fd === 'number' && fd >= 0 ? fd : undefined;
}

export async function spawnOAuthProvider(options: SpawnOAuthProviderOptions): Promise<SpawnedOAuthProvider> {
  try {
    return await spawnIn(options, false);
  } catch (err) {
    if (!(err instanceof ParkedProcessSilent)) throw err;
    // Said, so that a pool that stops working shows in the run's output instead of only slowing it down.
    console.warn(err.message);
    return spawnIn(options, true);
  }
}

/** One start: in a pooled process (a parked one unless `fresh`) under Jest, else in a process of its own. */
async function spawnIn(options: SpawnOAuthProviderOptions, fresh: boolean): Promise<SpawnedOAuthProvider> {
  const settings = checkOptions({...options, port: options.port ?? 0});
  const pool = poolOf(settings.port);
  let child: ProviderProcess;
  let parked = false;
  let issuer: string | undefined;
  if (pool) {
    ({child, parked} = await takePooled(pool, fresh));
    child.stdin.write(`start ${JSON.stringify({...settings, quiet: !options.log})}\n`);
  } else {
    const bound = await bind(settings.port);
    const port = (bound.address() as AddressInfo).port;
    issuer = `http://127.0.0.1:${port}`;
    const fd = descriptorOf(bound);
    // Without a descriptor to hand over, the child binds the port found here itself.
    if (fd === undefined) await new Promise((done) => bound.close(done));
    const args = [...(await nodeProgram(CLI)), '--port', String(port), '--exit-with-stdin'];
    if (fd !== undefined) args.push('--listen-fd', '3');
    for (const uri of settings.redirectUris) args.push('--redirect-uri', uri);
    if (options.accessTokenTtl !== undefined) args.push('--access-ttl', String(settings.accessTokenTtl));
    if (options.refreshTokenTtl !== undefined) args.push('--refresh-ttl', String(settings.refreshTokenTtl));
    if (settings.refreshReuseGrace) args.push('--refresh-reuse-grace', String(settings.refreshReuseGrace));
    if (settings.refreshReuse !== 'revoke') args.push('--refresh-reuse', settings.refreshReuse);
    if (settings.tokenSize) args.push('--token-size', String(settings.tokenSize));
    if (settings.tokenDelay !== 0) args.push('--token-delay', String(settings.tokenDelay));
    if (!options.log) args.push('--quiet');

    // cwd is the project root; stdin stays open so the child stops when this process goes.
    // The first three are pipes, whatever follows them (the socket as descriptor 3).
    child = emitLines(
      spawn(process.execPath, args, {
        cwd: ROOT,
        stdio: ['pipe', 'pipe', 'pipe', ...(fd === undefined ? [] : [fd])],
      }) as ProviderProcess,
    );
    // The child holds its own copy of the socket now.
    if (fd !== undefined) bound.close();
  }
  const renice = (priority: number) => {
    try {
      if (child.pid !== undefined && alive(child)) setPriority(child.pid, priority);
    } catch {
      // Not permitted (raising a priority back needs a privilege on most systems), or gone: it only costs speed.
    }
  };
  // A pooled process has loaded already.
  const background = options.loadInBackground && !pool;
  if (background) renice(10);
  let onExit: () => void = () => undefined;
  const exited = new Promise<void>((done) => {
    onExit = done;
    if (alive(child)) child.once('exit', onExit);
    else done();
  });
  let stderr = '';
  let url: string | undefined;
  const clockWaiters: (() => void)[] = [];
  let stopped: (() => void) | undefined;
  // A pooled process that answered `start` with a refusal is still loaded and idle.
  let refusedStart = false;
  const onStderr = (chunk: string) => {
    if (stderr.length < 10_000) stderr += chunk;
  };
  child.on(STDERR, onStderr);

  let onLine: (line: string) => void = () => undefined;
  let onError: (err: Error) => void = () => undefined;
  const lineHandler = (line: string) => onLine(line);
  child.on(LINE, lineHandler);
  const startTimeoutMs = options.startTimeoutMs ?? 20_000;
  const answerMs = parked ? Math.min(PARKED_ANSWER_MS, startTimeoutMs) : startTimeoutMs;
  const started = new Promise<string>((resolveStart, reject) => {
    const timer = setTimeout(() => {
      const who = parked ? 'A parked OAuth provider process did not answer' : 'The OAuth provider did not start';
      const silent = `${who} within ${answerMs} ms${processState(child.pid)}`;
      const output = stderr ? `\n${stderr}` : '';
      reject(
        parked && answerMs < startTimeoutMs
          ? new ParkedProcessSilent(`${silent}; it was ended, and the provider starts in a new process.${output}`)
          : new Error(`${silent}.${output}`),
      );
      child.kill('SIGKILL');
    }, answerMs);
    onLine = (line) => {
      if (url === undefined && line.startsWith(`${LISTENING_LINE} `)) {
        url = line.slice(LISTENING_LINE.length + 1).trim();
        clearTimeout(timer);
        resolveStart(url);
      } else if (url === undefined && line.startsWith(`${START_FAILED_LINE} `)) {
        refusedStart = true;
        clearTimeout(timer);
        reject(new Error(line.slice(START_FAILED_LINE.length + 1)));
      } else if (url !== undefined && line.startsWith(`${CLOCK_LINE} `)) {
        clockWaiters.shift()?.();
      } else if (url !== undefined && line === STOPPED_LINE) {
        stopped?.();
      } else if (url !== undefined) {
        options.log?.(line);
      }
    };
    onError = (err) => {
      clearTimeout(timer);
      reject(err);
    };
    child.once('error', onError);
    void exited.then(() => {
      clearTimeout(timer);
      if (url === undefined)
        reject(
          new Error(
            `The OAuth provider exited before listening (${child.exitCode ?? child.signalCode}).${stderr ? `\n${stderr}` : ''}`,
          ),
        );
    });
  });

  const listening = started.then(() => {
    if (background) renice(0);
  });
  listening.catch(() => undefined);
  /**
   * Gives a loaded, idle process back to the pool, without what this use listens to on it (a pooled process serves
   * many, one after another); false when there is no room, and the caller ends it.
   */
  const park = (): boolean => {
    if (!pool || pool.length >= MAX_PARKED) return false;
    child.off(LINE, lineHandler);
    child.off(STDERR, onStderr);
    child.off('error', onError);
    child.off('exit', onExit);
    pool.push(child);
    return true;
  };
  try {
    // A pooled provider's port is known once it listens (a loaded process takes milliseconds to get there).
    if (!options.returnWhenBound || issuer === undefined) await listening;
  } catch (err) {
    // Only a process that said it refused the options goes back: one that timed out has been killed.
    if (refusedStart && alive(child)) park();
    throw err;
  }
  issuer ??= url as string;
  /** A pooled process stops its provider and goes back to the pool; one that cannot is ended like any other. */
  const stopPooled = async (): Promise<boolean> => {
    if (!pool || url === undefined || !alive(child)) return false;
    const done = await new Promise<boolean>((answer) => {
      const timer = setTimeout(() => answer(false), 5_000);
      stopped = () => {
        clearTimeout(timer);
        answer(true);
      };
      void exited.then(() => answer(false));
      child.stdin.write('stop\n');
    });
    return done && park();
  };
  let closing: Promise<void> | undefined;
  return {
    url: issuer,
    port: Number(new URL(issuer).port),
    listening,
    advanceClock(seconds: number) {
      if (!Number.isInteger(seconds) || seconds < 0)
        return Promise.reject(new Error('advanceClock takes whole seconds, 0 or more'));
      return new Promise<void>((done) => {
        clockWaiters.push(done);
        child.stdin.write(`advance-clock ${seconds}\n`);
      });
    },
    async refuseKey(key: string) {
      const res = await fetch(`${issuer}/api/key-check/refused`, {
        method: 'POST',
        headers: {Authorization: `Bearer ${key}`},
      });
      if (!res.ok) throw new Error(`The provider did not mark the key refused (${res.status}).`);
    },
    async keyCheckStats() {
      return (await (await fetch(`${issuer}/api/key-check/stats`)).json()) as KeyCheckStats;
    },
    close() {
      closing ??= (async () => {
        if (await stopPooled()) return;
        if (alive(child)) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
          await exited;
          clearTimeout(timer);
        }
        child.stdin.destroy();
      })();
      return closing;
    },
  };
}
