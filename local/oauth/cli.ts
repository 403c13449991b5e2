import {createInterface} from 'node:readline';
import {
  CLOCK_LINE,
  DEFAULT_PORT,
  LISTENING_LINE,
  MAX_TOKEN_SIZE,
  START_FAILED_LINE,
  STOPPED_LINE,
  parseTokenDelay,
  type OAuthProviderOptions,
  type RunningOAuthProvider,
} from './options';
import {exitOnError, portArg, readArgs, stopOnSignals, stopWhenStdinCloses, usageError} from '../cli';

/**
 * `npm run oauth -- [--port <n>] --redirect-uri <uri> [--redirect-uri <uri> …] [--access-ttl <s>] [--refresh-ttl <s>]
 *   [--refresh-reuse-grace <s>] [--refresh-reuse <revoke|refuse>] [--token-size <n>] [--token-delay <ms|hang>]
 *   [--quiet]`
 * Prints one line with its URL, then one line per request (never a query string, token or code), and stops cleanly on
 * SIGINT or SIGTERM (or when its standard input closes, with --exit-with-stdin, so a parent that dies takes it along).
 * With --exit-with-stdin, a parent may also write `advance-clock <s>` lines: the provider's clock moves on that many
 * seconds (tokens expire without anyone waiting), and it answers with one line,
 * `OAuth provider clock advanced by <s>` (CLOCK_LINE).
 */
const USAGE = `Usage: npm run oauth -- --redirect-uri <uri> [--redirect-uri <uri> …] [--port <n>] [--access-ttl <s>] [--refresh-ttl <s>]
       [--refresh-reuse-grace <s>] [--refresh-reuse <revoke|refuse>] [--token-size <n>] [--token-delay <ms|hang>] [--quiet]
  --redirect-uri <uri>        a redirect URI registered for the client keyring-stripe-app (repeatable; at least one)
  --port <n>                  port on 127.0.0.1 (default ${DEFAULT_PORT}; 0 picks a free one)
  --access-ttl <s>            access token lifetime in seconds (default 3600)
  --refresh-ttl <s>           refresh token lifetime in seconds (default 1209600, 14 days)
  --refresh-reuse-grace <s>   a rotated refresh token still works for this long (default 0: a reuse ends the grant)
  --refresh-reuse <what>      after the grace period, a reuse ends the grant (revoke, default) or is only refused (refuse)
  --token-size <n>            access and refresh tokens of n characters, an ID token at least that long (43–${MAX_TOKEN_SIZE})
  --token-delay <ms|hang>     the token endpoint answers after ms milliseconds, or never (default 0)
  --quiet                     do not log requests`;

function seconds(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) usageError(`${name} must be a whole number of seconds, at least 1.`, USAGE);
  return n;
}

/** The provider's clock: the real one, plus what a parent has advanced it by (see `advance-clock`). */
function controllableClock(): {advance(seconds: number): void; reset(): void} {
  const realNow = Date.now.bind(Date);
  let offsetMs = 0;
  Date.now = () => realNow() + offsetMs;
  return {
    advance(seconds) {
      offsetMs += seconds * 1000;
    },
    reset() {
      offsetMs = 0;
    },
  };
}

/** Answers an `advance-clock <s>` line; false for any other line. */
function advanceClockLine(line: string, clock: {advance(seconds: number): void}): boolean {
  const match = /^advance-clock (\d+)$/.exec(line.trim());
  if (!match) return false;
  clock.advance(Number(match[1]));
  console.log(`${CLOCK_LINE} ${match[1]}`);
  return true;
}

/**
 * `--pooled` (not in the usage; local/oauth/spawn.ts starts it so): oidc-provider is loaded once, then providers are
 * started and stopped one after another, as the parent writes `start <options as JSON>` and `stop` lines. Loading is
 * most of a start (about 0.3 s of CPU), so a Jest worker keeps such a process between test files and each test still
 * gets a provider of its own: new keys, storage, port and settings, and a clock back at the real time.
 */
async function servePooled(): Promise<void> {
  const clock = controllableClock();
  const {startOAuthProvider} = await import('./server');
  let provider: RunningOAuthProvider | undefined;
  const stop = stopOnSignals('OAuth provider', () => provider?.close() ?? Promise.resolve());
  // One command at a time, in the order written.
  let queue = Promise.resolve();
  const commands: Record<string, (argument: string) => Promise<void>> = {
    start: async (json) => {
      try {
        if (provider) throw new Error('a provider is already running in this process');
        const options = JSON.parse(json) as OAuthProviderOptions & {quiet?: boolean};
        provider = await startOAuthProvider({
          ...options,
          log: options.quiet ? undefined : (line: string) => console.log(line),
        });
        console.log(`${LISTENING_LINE} ${provider.url}`);
      } catch (err) {
        console.log(`${START_FAILED_LINE} ${err instanceof Error ? err.message : String(err)}`);
      }
    },
    stop: async () => {
      await provider?.close();
      provider = undefined;
      clock.reset();
      console.log(STOPPED_LINE);
    },
  };
  createInterface({input: process.stdin}).on('line', (line) => {
    if (advanceClockLine(line, clock)) return;
    const [, name, argument] = /^(\w+) ?(.*)$/.exec(line.trim()) ?? [];
    const command = name === undefined ? undefined : commands[name];
    if (command) queue = queue.then(() => command(argument));
  });
  stopWhenStdinCloses(stop);
}

async function main(): Promise<void> {
  const values = readArgs(
    {
      port: {type: 'string'},
      'redirect-uri': {type: 'string', multiple: true},
      'access-ttl': {type: 'string'},
      'refresh-ttl': {type: 'string'},
      'refresh-reuse-grace': {type: 'string'},
      'refresh-reuse': {type: 'string'},
      'token-size': {type: 'string'},
      'token-delay': {type: 'string'},
      quiet: {type: 'boolean'},
      'exit-with-stdin': {type: 'boolean'},
      'listen-fd': {type: 'string'},
      pooled: {type: 'boolean'},
      help: {type: 'boolean', short: 'h'},
    },
    USAGE,
  );
  if (!values) return;
  if (values.pooled) return servePooled();
  const port = portArg(values.port, DEFAULT_PORT, '--port', USAGE);
  // Not in the usage: spawn.ts binds the port itself and hands the socket over as this descriptor.
  const fd = values['listen-fd'] === undefined ? undefined : Number(values['listen-fd']);
  if (fd !== undefined && !(Number.isInteger(fd) && fd >= 0)) usageError('--listen-fd takes a file descriptor.', USAGE);
  const redirectUris = values['redirect-uri'] ?? [];
  if (redirectUris.length === 0) usageError('Give at least one --redirect-uri.', USAGE);
  const whole = (value: string | undefined, name: string): number | undefined => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (value.trim() === '' || !Number.isInteger(n) || n < 0)
      usageError(`${name} must be a whole number, 0 or more.`, USAGE);
    return n;
  };
  let tokenDelay: number | 'hang' | undefined;
  try {
    tokenDelay = values['token-delay'] === undefined ? undefined : parseTokenDelay(values['token-delay']);
  } catch {
    usageError('--token-delay must be a whole number of milliseconds, or hang.', USAGE);
  }
  const reuse = values['refresh-reuse'];
  if (reuse !== undefined && reuse !== 'revoke' && reuse !== 'refuse')
    usageError('--refresh-reuse must be revoke or refuse.', USAGE);
  const options = {
    port,
    redirectUris,
    accessTokenTtl: seconds(values['access-ttl'], '--access-ttl'),
    refreshTokenTtl: seconds(values['refresh-ttl'], '--refresh-ttl'),
    refreshReuseGrace: whole(values['refresh-reuse-grace'], '--refresh-reuse-grace'),
    refreshReuse: reuse as 'revoke' | 'refuse' | undefined,
    tokenSize: whole(values['token-size'], '--token-size'),
    tokenDelay,
    log: values.quiet ? undefined : (line: string) => console.log(line),
    fd,
  };
  // Before the provider starts, so everything it builds reads this clock.
  const clock = values['exit-with-stdin'] ? controllableClock() : undefined;
  // Loaded once the arguments are known to be good: oidc-provider and its dependencies take most of a start, and a
  // mistyped option is answered without them.
  const {startOAuthProvider} = await import('./server');
  const provider = await startOAuthProvider(options);
  // Before the listening line: whoever reads it may signal at once.
  const stop = stopOnSignals('OAuth provider', () => provider.close());
  console.log(`${LISTENING_LINE} ${provider.url}`);
  if (values['exit-with-stdin']) {
    createInterface({input: process.stdin}).on('line', (line) => clock && advanceClockLine(line, clock));
    stopWhenStdinCloses(stop);
  }
}

main().catch(exitOnError('OAuth provider could not start'));
