import {resolve} from 'node:path';
import {DEFAULT_BACKEND_PORT, DEFAULT_DASHBOARD_PORT, DEFAULT_PROVIDER_PORT, loadApp} from './app';
import {startBundler} from './bundle';
import {USERS} from './navigation';
import type {ListeningDashboard} from './index';
import {exitOnError, exitWith, portArg, readArgs, stopOnSignals, usageError} from '../cli';

/**
 * `npm start -- [--port <n>] [--app <dir>] [--memory] [--oauth] [--backend] [--no-watch]`: the local Dashboard, the
 * Secret Store emulator, the local OAuth provider and Keyring's backend in one command. Stops cleanly on SIGINT or
 * SIGTERM.
 */
const USAGE = `Usage: npm start -- [--port <n>] [--app <dir>] [--memory | --data <dir>] [--emulator-port <n>] [--provider-port <n>] [--backend-port <n>] [--oauth] [--backend] [--no-watch] [--build-timeout <s>]
  --port <n>           the Dashboard page on 127.0.0.1 (default ${DEFAULT_DASHBOARD_PORT}; 0 picks a free one for it and,
                       unless given, for the emulator, the provider and the backend too)
  --app <dir>          preview another Stripe App project (its stripe-app.json, stripe-app.local.json and src/views)
  --memory             keep the Secret Store in memory; nothing survives a restart
  --data <dir>         durable Secret Store directory (default .local-data/secret-store)
  --emulator-port <n>  the Secret Store emulator's port (default 4243; 0 picks a free one)
  --provider-port <n>  the local OAuth provider's port (default ${DEFAULT_PROVIDER_PORT}; 0 picks a free one)
  --backend-port <n>   Keyring's backend's port (default ${DEFAULT_BACKEND_PORT}; 0 picks a free one)
  --oauth              start the local OAuth provider even when the manifest does not point at it
  --backend            start Keyring's backend even when the manifest's backendUrl does not point at it
  --no-watch           do not rebuild and reload when a source file changes
  --build-timeout <s>  stop with a message when the views have not built within s seconds (default 60)`;

async function main(): Promise<void> {
  const values = readArgs(
    {
      port: {type: 'string'},
      app: {type: 'string'},
      memory: {type: 'boolean'},
      data: {type: 'string'},
      'emulator-port': {type: 'string'},
      'provider-port': {type: 'string'},
      'no-watch': {type: 'boolean'},
      oauth: {type: 'boolean'},
      'backend-port': {type: 'string'},
      backend: {type: 'boolean'},
      'build-timeout': {type: 'string'},
      help: {type: 'boolean', short: 'h'},
    },
    USAGE,
  );
  if (!values) return;
  if (values.memory && values.data !== undefined) usageError('Choose --data <dir> or --memory, not both.', USAGE);
  const buildTimeout = values['build-timeout'] === undefined ? undefined : Number(values['build-timeout']);
  if (buildTimeout !== undefined && !(Number.isFinite(buildTimeout) && buildTimeout > 0))
    usageError('--build-timeout takes a number of seconds above 0.', USAGE);
  const port = portArg(values.port, DEFAULT_DASHBOARD_PORT, '--port', USAGE);
  // `--port 0` moves every server to a free port, so two Dashboards can run side by side.
  const anyFree = port === 0;
  const emulatorPort = portArg(values['emulator-port'], anyFree ? 0 : 4243, '--emulator-port', USAGE);
  const providerPort = portArg(values['provider-port'], anyFree ? 0 : DEFAULT_PROVIDER_PORT, '--provider-port', USAGE);
  const backendPort = portArg(values['backend-port'], anyFree ? 0 : DEFAULT_BACKEND_PORT, '--backend-port', USAGE);
  const started = performance.now();
  const watch = !values['no-watch'];
  const buildTimeoutMs = buildTimeout === undefined ? undefined : buildTimeout * 1000;
  // From here on Ctrl-C stops whatever has started (an unhandled SIGINT or SIGTERM would kill by signal).
  let stopping = false;
  let listening: ListeningDashboard | undefined;
  let signalled = () => undefined as void;
  const signal = new Promise<void>((done) => (signalled = done));
  stopOnSignals('Local Dashboard', () => {
    stopping = true;
    signalled();
    return listening?.close() ?? Promise.resolve();
  });
  // The views build first: esbuild works in its own process while this one loads the servers' code.
  const bundler = startBundler(loadApp(resolve(values.app ?? process.cwd())), {watch, buildTimeoutMs});
  // require, not import(): under `node --require tsx/cjs` (no ES module loader for TypeScript) import() cannot load it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const {startDashboard} = require('./index') as typeof import('./index');
  /** As soon as every server listens (the views may still be building: the page waits for them), the URL. */
  const printListening = (dashboard: ListeningDashboard) => {
    listening = dashboard;
    const {app} = dashboard;
    const storage = dashboard.emulator.storage === 'memory' ? 'in memory' : `data in ${dashboard.emulator.storage}`;
    console.log(
      `${app.name} (${app.id} ${app.version}) from ${app.manifestFiles.map((f) => f.slice(app.dir.length + 1)).join(' over ')}`,
    );
    console.log(`Secret Store emulator: ${dashboard.emulator.url} (${storage})`);
    console.log(
      dashboard.oauth
        ? `OAuth provider: ${dashboard.oauth.url}`
        : `OAuth provider: not started (${dashboard.oauthProblem ?? 'disabled'})`,
    );
    // The signing secret is a local development secret (made for this data directory); a backend run apart needs it.
    console.log(
      dashboard.backend
        ? `Keyring backend: ${dashboard.backend.url} (signing secret ${dashboard.backend.signingSecrets.join(', ')}; webhooks from the emulator in test and live mode)`
        : `Keyring backend: not started (${dashboard.backendProblem ?? 'disabled'})`,
    );
    for (const missing of app.missingViews)
      console.log(`Warning: the manifest names ${missing}, but src/views has no such file.`);
    console.log(`Users: ${USERS.map((u) => `${u.name} (${u.roleName})`).join(', ')}`);
    console.log(`\n  Local Dashboard: ${dashboard.url}\n`);
  };
  const dashboard = await startDashboard({
    port,
    emulatorPort,
    providerPort,
    // Unless asked for (--oauth or --provider-port), the provider starts only for a manifest that points at it.
    startProvider: values.oauth || values['provider-port'] !== undefined ? 'always' : 'auto',
    backendPort,
    // Likewise the backend starts only for a manifest whose backendUrl points at it, unless asked for.
    startBackend: values.backend || values['backend-port'] !== undefined ? 'always' : 'auto',
    appDir: values.app,
    memory: values.memory ?? false,
    dataDir: values.data,
    watch,
    buildTimeoutMs,
    bundler,
    onListening: printListening,
    log: (line) => console.log(line),
  }).catch(async (err: unknown) => {
    // Ctrl-C reaches the whole process group: esbuild's service may stop, and fail the build, before this process has
    // handled the signal. Stopped while the views were building is not a failed start.
    if (!stopping && err instanceof Error && /^The service (was stopped|is no longer running)/.test(err.message)) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([signal, new Promise((done) => (timer = setTimeout(done, 1000)))]);
      clearTimeout(timer);
    }
    if (stopping) return undefined;
    throw err;
  });
  if (!dashboard || stopping) return;
  if (dashboard.callsSecretStore && !dashboard.app.permissions.includes('secret_write'))
    console.log('Note: the manifest lacks secret_write, so Secret Store calls fail as they would at Stripe.');
  const {worker, page, pageCached} = dashboard.buildTimes;
  console.log(
    `Ready in ${Math.round(performance.now() - started)} ms (views ${worker} ms, page ${page} ms${pageCached ? ' from the build cache' : ''})`,
  );
  // The provider's process finishes loading after this (requests to it wait meanwhile); if it cannot, nothing runs on.
  dashboard.services.catch(async (err: unknown) => {
    if (stopping) return;
    console.error(`The local Dashboard could not start: ${err instanceof Error ? err.message : String(err)}`);
    await dashboard.close().catch(() => undefined);
    await exitWith(1);
  });
}

main().catch(exitOnError('The local Dashboard could not start'));
