import {parseArgs} from 'node:util';
import {DEFAULT_DATA_DIR, startEmulator} from './index';
import {stopOnSignals} from '../shutdown';

/**
 * `npm run emulator -- [--port <n>] [--data <dir> | --memory] [--quiet]`
 * Prints where it listens, logs one line per request (never a payload), and stops cleanly on SIGINT or SIGTERM.
 */
const USAGE = `Usage: npm run emulator -- [--port <n>] [--data <dir> | --memory] [--quiet]
  --port <n>    port on 127.0.0.1 (default 4243; 0 picks a free one)
  --data <dir>  durable storage directory (default ${DEFAULT_DATA_DIR})
  --memory      keep everything in memory; nothing survives a restart
  --quiet       do not log requests`;

async function main(): Promise<void> {
  let values: {port?: string; data?: string; memory?: boolean; quiet?: boolean; help?: boolean};
  try {
    ({values} = parseArgs({
      options: {port: {type: 'string'}, data: {type: 'string'}, memory: {type: 'boolean'}, quiet: {type: 'boolean'}, help: {type: 'boolean', short: 'h'}},
    }));
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port ?? 4243);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a whole number from 0 to 65535.\n${USAGE}`);
    process.exit(2);
  }
  if (values.memory && values.data !== undefined) {
    console.error(`Choose --data <dir> or --memory, not both.\n${USAGE}`);
    process.exit(2);
  }
  const emulator = await startEmulator({
    port,
    memory: values.memory ?? false,
    dataDir: values.data,
    log: values.quiet ? undefined : (line) => console.log(line),
  });
  const where = emulator.storage === 'memory' ? 'memory' : `data: ${emulator.storage}`;
  console.log(`Secret Store emulator listening on ${emulator.url} (${where})`);

  stopOnSignals('Secret Store emulator', () => emulator.close());
}

main().catch((err: unknown) => {
  console.error(`Secret Store emulator could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
