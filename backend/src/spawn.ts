import {spawn} from 'node:child_process';
import {join, resolve} from 'node:path';
import {createInterface} from 'node:readline';
import {LISTENING_LINE} from './server';

/**
 * Starts a backend in its own Node process (`node --require tsx/cjs backend/src/cli.ts`, as `npm run backend` does), as
 * a second instance behind a load balancer would run: its own memory, sharing only what REDIS_URL gives. Tests and the
 * bench use it; stdin stays open so the child stops when this process goes.
 */
const HERE = typeof __dirname === 'string' ? __dirname : resolve('backend/src');
const ROOT = resolve(HERE, '../..');

export interface SpawnedBackend {
  url: string;
  /** The child's process id (the bench reads its memory from /proc). */
  pid: number;
  /** The backend's request log (never a payload, key or token). */
  log: string[];
  close(): Promise<void>;
}

export async function spawnBackend(
  env: Record<string, string | undefined>,
  options: {startTimeoutMs?: number; quiet?: boolean} = {},
): Promise<SpawnedBackend> {
  const args = [
    '--require',
    'tsx/cjs',
    join(HERE, 'cli.ts'),
    '--port',
    '0',
    '--exit-with-stdin',
    ...(options.quiet ? ['--quiet'] : []),
  ];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    // Only what the backend is configured with, plus PATH: nothing else of this process's environment leaks in.
    env: {PATH: process.env.PATH, ...env},
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const log: string[] = [];
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    if (stderr.length < 10_000) stderr += chunk;
  });
  const url = await new Promise<string>((resolveStart, reject) => {
    const timer = setTimeout(() => {
      reject(
        new Error(
          `The backend did not start within ${options.startTimeoutMs ?? 20_000} ms.${stderr ? `\n${stderr}` : ''}`,
        ),
      );
      child.kill('SIGKILL');
    }, options.startTimeoutMs ?? 20_000);
    let started = false;
    createInterface({input: child.stdout}).on('line', (line) => {
      if (!started && line.startsWith(`${LISTENING_LINE} `)) {
        started = true;
        clearTimeout(timer);
        resolveStart(line.slice(LISTENING_LINE.length + 1).split(' ')[0]);
      } else log.push(line);
    });
    void exited.then(() => {
      clearTimeout(timer);
      if (!started)
        reject(
          new Error(
            `The backend exited before listening (${child.exitCode ?? child.signalCode}).${stderr ? `\n${stderr}` : ''}`,
          ),
        );
    });
  });
  let closing: Promise<void> | undefined;
  return {
    url,
    pid: child.pid as number,
    log,
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
