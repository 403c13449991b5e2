import {ConfigError} from './config';
import {LISTENING_LINE, startBackend} from './server';

/**
 * `npm run backend [-- --port <n>]`: the backend alone, configured from the environment (backend/README.md lists the
 * variables). `--exit-with-stdin` stops it when its parent closes stdin (how tests and the local Dashboard run it).
 */

function portArg(args: string[]): number | undefined {
  const i = args.indexOf('--port');
  if (i === -1) return undefined;
  const text = args[i + 1] ?? '';
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > 65535) {
    console.error('--port must be a whole number from 0 to 65535');
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quiet = args.includes('--quiet');
  let backend;
  try {
    backend = await startBackend({port: portArg(args), log: quiet ? undefined : (line) => console.log(line)});
  } catch (err) {
    console.error(
      err instanceof ConfigError
        ? err.message
        : `The backend did not start: ${err instanceof Error ? err.message : String(err)}`,
    );
    process.exit(1);
  }
  console.log(
    `${LISTENING_LINE} ${backend.url}${backend.config.redisUrl ? ' (Redis: shared nonces and refresh lock)' : ' (one instance: in-memory nonces and lock)'}`,
  );
  const stop = () => {
    void backend.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  if (args.includes('--exit-with-stdin')) {
    process.stdin.on('end', stop);
    process.stdin.resume();
  }
}

void main();
