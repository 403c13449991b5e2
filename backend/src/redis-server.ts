import {spawn} from 'node:child_process';
import {existsSync} from 'node:fs';
import {createServer} from 'node:net';
import {createInterface} from 'node:readline';

/**
 * A throwaway real Redis for tests and the bench: Debian's redis-server on a free port of 127.0.0.1, nothing written
 * to disk (`--save '' --appendonly no`), stopped by `close()`.
 */
export const REDIS_SERVER = '/usr/bin/redis-server';
export const hasRedisServer = () => existsSync(REDIS_SERVER);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  return typeof address === 'object' && address ? address.port : 0;
}

export async function startRedisServer(): Promise<{url: string; close(): Promise<void>}> {
  const port = await freePort();
  const child = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'],
    {stdio: ['ignore', 'pipe', 'pipe']},
  );
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  await new Promise<void>((ready, reject) => {
    const timer = setTimeout(() => reject(new Error('redis-server did not start within 10 s')), 10_000);
    createInterface({input: child.stdout}).on('line', (line) => {
      if (/Ready to accept connections/.test(line)) {
        clearTimeout(timer);
        ready();
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited (${child.exitCode}); port ${port} may have been taken`));
    });
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    async close() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
