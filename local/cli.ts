import {parseArgs, type ParseArgsConfig} from 'node:util';
import {stopChildServices} from './exit-cleanly';

/**
 * What the command lines of the local servers (emulator, OAuth provider, Dashboard) share: reading arguments with a
 * usage text, refusing bad ones with exit code 2, and stopping cleanly on a signal — every way out first stops the
 * esbuild services the process started (see exit-cleanly.ts), so a command leaves no process behind.
 */

type Options = NonNullable<ParseArgsConfig['options']>;

class UsageError extends Error {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Refuses the command line: `exitOnError` prints the problem and the usage, and exits 2. */
export function usageError(message: string, usage: string): never {
  throw new UsageError(message, usage);
}

/** Stops the child services, then exits with `code`. */
export function exitWith(code: number): Promise<never> {
  return stopChildServices().then(() => process.exit(code));
}

/**
 * How a command's `main()` fails: a usage error prints the usage and exits 2, anything else `<what>: <message>` and 1.
 */
export function exitOnError(what: string): (err: unknown) => Promise<never> {
  return (err) => {
    if (err instanceof UsageError) {
      console.error(`${err.message}\n${err.usage}`);
      return exitWith(2);
    }
    console.error(`${what}: ${err instanceof Error ? err.message : String(err)}`);
    return exitWith(1);
  };
}

/** The parsed options, or undefined after printing the usage for `--help`/`-h` (the caller returns). */
export function readArgs<O extends Options>(
  options: O,
  usage: string,
): ReturnType<typeof parseArgs<{options: O}>>['values'] | undefined {
  let values: ReturnType<typeof parseArgs<{options: O}>>['values'];
  try {
    ({values} = parseArgs({options}));
  } catch (err) {
    usageError(err instanceof Error ? err.message : String(err), usage);
  }
  if ((values as {help?: boolean}).help) {
    console.log(usage);
    return undefined;
  }
  return values;
}

/** A port on 127.0.0.1 from an option: 0 picks a free one. */
export function portArg(value: string | undefined, fallback: number, name: string, usage: string): number {
  const port = Number(value ?? fallback);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    usageError(`${name} must be a whole number from 0 to 65535.`, usage);
  return port;
}

/**
 * How every local server's command line stops: on SIGINT or SIGTERM (and any other reason the caller wires to the
 * returned function) it says so once, closes, and exits 0 — or 1 when closing failed.
 */
export function stopOnSignals(name: string, close: () => Promise<void>): (why: string) => void {
  let stopping = false;
  const stop = (why: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${name}: ${why}, stopping`);
    close().then(
      () => exitWith(0),
      (err: unknown) => {
        console.error(`${name}: could not stop cleanly: ${String(err)}`);
        return exitWith(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  return stop;
}

/**
 * `--exit-with-stdin`: `stop` once standard input closes, so a parent that dies (a test, the bench, `npm start`) takes
 * the server along. Standard input stays readable for whatever else the caller reads from it.
 */
export function stopWhenStdinCloses(stop: (why: string) => void): void {
  process.stdin.on('end', () => stop('standard input closed'));
  process.stdin.on('error', () => stop('standard input closed'));
  process.stdin.resume();
}
