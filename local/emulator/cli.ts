import {DEFAULT_DATA_DIR, startEmulator} from './index';
import {exitOnError, portArg, readArgs, stopOnSignals, stopWhenStdinCloses, usageError} from '../cli';

/**
 * `npm run emulator -- [--port <n>] [--data <dir> | --memory] [--quiet] [--exit-with-stdin]`
 * Prints where it listens, logs one line per request (never a payload), and stops cleanly on SIGINT or SIGTERM, or
 * when its standard input closes with --exit-with-stdin (a parent that dies, a bench killed mid-run, takes it along).
 */
const USAGE = `Usage: npm run emulator -- [--port <n>] [--data <dir> | --memory] [--rotate-signing-secret] [--quiet] [--exit-with-stdin]
  --port <n>                port on 127.0.0.1 (default 4243; 0 picks a free one)
  --data <dir>              durable storage directory (default ${DEFAULT_DATA_DIR})
  --memory                  keep everything in memory; nothing survives a restart
  --rotate-signing-secret   make a new app signing secret (absec_…) at start; the previous one signs on for 24 hours
  --quiet                   do not log requests
  --exit-with-stdin         stop, as on SIGTERM, when standard input closes`;

async function main(): Promise<void> {
  const values = readArgs(
    {
      port: {type: 'string'},
      data: {type: 'string'},
      memory: {type: 'boolean'},
      'rotate-signing-secret': {type: 'boolean'},
      quiet: {type: 'boolean'},
      'exit-with-stdin': {type: 'boolean'},
      help: {type: 'boolean', short: 'h'},
    },
    USAGE,
  );
  if (!values) return;
  const port = portArg(values.port, 4243, '--port', USAGE);
  if (values.memory && values.data !== undefined) usageError('Choose --data <dir> or --memory, not both.', USAGE);
  const emulator = await startEmulator({
    port,
    memory: values.memory ?? false,
    dataDir: values.data,
    log: values.quiet ? undefined : (line) => console.log(line),
  });
  if (values['rotate-signing-secret']) await emulator.rotateSigningSecret();
  // Before the listening line: whoever reads it may signal at once.
  const stop = stopOnSignals('Secret Store emulator', () => emulator.close());
  const where = emulator.storage === 'memory' ? 'memory' : `data: ${emulator.storage}`;
  console.log(`Secret Store emulator listening on ${emulator.url} (${where})`);
  if (values['exit-with-stdin']) stopWhenStdinCloses(stop);
}

main().catch(exitOnError('Secret Store emulator could not start'));
