import {spawn, type ChildProcessWithoutNullStreams} from 'node:child_process';
import {createServer, type AddressInfo, type Server} from 'node:net';
import {setPriority} from 'node:os';
import {join, resolve} from 'node:path';
import {createInterface} from 'node:readline';
import {nodeProgram} from '../node-program';
import type {KeyCheckStats} from './key-check';
import {
  CLOCK_LINE,
  LISTENING_LINE,
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
 * socket's queue. `returnWhenBound` lets a caller go on without waiting for the child.
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
  const settings = checkOptions({...options, port: options.port ?? 0});
  const bound = await bind(settings.port);
  const port = (bound.address() as AddressInfo).port;
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

  // cwd is the project root, where `--import tsx` resolves; stdin stays open so the child stops when this process goes.
  // The first three are pipes, whatever follows them (the socket as descriptor 3).
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe', ...(fd === undefined ? [] : [fd])],
  }) as ChildProcessWithoutNullStreams;
  // The child holds its own copy of the socket now.
  if (fd !== undefined) bound.close();
  const renice = (priority: number) => {
    try {
      if (child.pid !== undefined && child.exitCode === null) setPriority(child.pid, priority);
    } catch {
      // Not permitted (raising a priority back needs a privilege on most systems), or gone: it only costs speed.
    }
  };
  if (options.loadInBackground) renice(10);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  let stderr = '';
  let url: string | undefined;
  const clockWaiters: (() => void)[] = [];

  const started = new Promise<string>((resolveStart, reject) => {
    const timer = setTimeout(() => {
      reject(
        new Error(
          `The OAuth provider did not start within ${options.startTimeoutMs ?? 20_000} ms.${stderr ? `\n${stderr}` : ''}`,
        ),
      );
      child.kill('SIGKILL');
    }, options.startTimeoutMs ?? 20_000);
    createInterface({input: child.stdout}).on('line', (line) => {
      if (url === undefined && line.startsWith(`${LISTENING_LINE} `)) {
        url = line.slice(LISTENING_LINE.length + 1).trim();
        clearTimeout(timer);
        resolveStart(url);
      } else if (url !== undefined && line.startsWith(`${CLOCK_LINE} `)) {
        clockWaiters.shift()?.();
      } else if (url !== undefined) {
        options.log?.(line);
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < 10_000) stderr += chunk;
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
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

  const issuer = `http://127.0.0.1:${port}`;
  const listening = started.then(() => {
    if (options.loadInBackground) renice(0);
  });
  listening.catch(() => undefined);
  if (!options.returnWhenBound) await listening;
  let closing: Promise<void> | undefined;
  return {
    url: issuer,
    port,
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
        if (child.exitCode === null && child.signalCode === null) {
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
