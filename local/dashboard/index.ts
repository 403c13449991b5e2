import {existsSync, watch as watchFile, type FSWatcher} from 'node:fs';
import type {ServerResponse} from 'node:http';
import {join, resolve} from 'node:path';
import {DEFAULT_DATA_DIR, startEmulator, type RunningEmulator} from '../emulator';
import {DEFAULT_DASHBOARD_PORT, DEFAULT_PROVIDER_PORT, loadApp, oauthRedirectUris, type AppProject, type OriginMap} from './app';
import {createBundler, type BuildOutcome, type Bundler} from './bundle';
import {renderHtml, type PageConfig} from './html';
import {ACCOUNT, MODES, USERS, type Mode} from './navigation';
import {callsSecretStore, pointsAtLocalProvider} from './usage';
import {canonicalRedirect, originFormTarget, proxyToEmulator} from './proxy';
import {serve} from '../platform/serve';

/**
 * `npm start`: the Secret Store emulator, the local OAuth provider and the local Dashboard page, in one process.
 * The page server on 127.0.0.1 serves the host page and the two bundles, proxies `/v1/*` to the emulator (same origin:
 * no CORS), hands the page a Dashboard session per user and mode, and pushes a reload when a source file changes.
 */

export interface DashboardOptions {
  /** Default 4242; 0 picks a free port. */
  port?: number;
  /** The Stripe App project to preview; default the working directory. */
  appDir?: string;
  /** Keep the Secret Store in memory. */
  memory?: boolean;
  /** Durable data directory (default `.local-data/secret-store`, or `.local-data/apps/<id>/secret-store` for another app). */
  dataDir?: string;
  /** Emulator port; default 0 (any free port). */
  emulatorPort?: number;
  /** OAuth provider port (default 4244; 0 picks a free one); `false` starts none. */
  providerPort?: number | false;
  /**
   * When the provider starts: `always`, or `auto`, only when the manifest's `constants` or `connect-src` point at it
   * (as Keyring's stripe-app.local.json does). Default: `always` when `providerPort` is given, else `auto`.
   */
  startProvider?: 'always' | 'auto';
  /**
   * How the OAuth provider behaves (see local/oauth/options.ts). Default: a 10-second refresh token reuse grace
   * period, as Keyring recommends configuring a real provider, so two tabs refreshing at once stay connected.
   */
  provider?: {refreshReuseGrace?: number; tokenSize?: number; tokenDelay?: number | 'hang'; accessTokenTtl?: number};
  /** Rebuild and reload on source changes (default true). */
  watch?: boolean;
  /** One line per notable event (never a payload or a token). Default: none. */
  log?: (line: string) => void;
}

export interface RunningDashboard {
  url: string;
  port: number;
  app: AppProject;
  emulator: RunningEmulator;
  /** The OAuth provider, when one is running. */
  oauth: {url: string; port: number} | null;
  /** Why no provider runs, when none does. */
  oauthProblem?: string;
  /** Whether the app's code calls the Secret Store (read from the sources of the first worker build). */
  callsSecretStore: boolean;
  /** Milliseconds each first build took. */
  buildTimes: {worker: number; page: number};
  close(): Promise<void>;
}

interface OAuthProviderHandle {
  url: string;
  port: number;
  close(): Promise<void>;
}

type SpawnOAuthProvider = (options: {redirectUris: string[]; port?: number} & DashboardOptions['provider']) => Promise<OAuthProviderHandle>;

export const DEFAULT_PROVIDER_SETTINGS: NonNullable<DashboardOptions['provider']> = {refreshReuseGrace: 10};

/** The OAuth provider lives in local/oauth; it is loaded only when present, so the Dashboard runs without it. */
async function loadProviderSpawner(): Promise<SpawnOAuthProvider | string> {
  const file = join(__dirname, '..', 'oauth', 'spawn.ts');
  if (!existsSync(file)) return 'local/oauth/spawn.ts is not there';
  const spawner = ((await import(file)) as {spawnOAuthProvider?: SpawnOAuthProvider}).spawnOAuthProvider;
  return typeof spawner === 'function' ? spawner : 'local/oauth/spawn.ts exports no spawnOAuthProvider';
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff'});
  res.end(body);
}

export async function startDashboard(options: DashboardOptions = {}): Promise<RunningDashboard> {
  const log = options.log ?? (() => undefined);
  const appDir = resolve(options.appDir ?? process.cwd());
  const watch = options.watch ?? true;

  // The page server binds first: its port is part of the OAuth redirect URLs.
  const served = await serve({port: options.port ?? DEFAULT_DASHBOARD_PORT});
  const {port, url: origin} = served;
  const cleanups: (() => Promise<void> | void)[] = [served.close];
  const closeAll = async () => {
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
  };

  try {
    let app = loadApp(appDir);
    const ownApp = resolve(process.cwd()) === appDir;
    const dataDir = options.dataDir ?? (ownApp ? DEFAULT_DATA_DIR : join('.local-data', 'apps', app.id, 'secret-store'));

    // Server-sent events: the page reloads after a successful rebuild and shows a failed one.
    const clients = new Set<ServerResponse>();
    const broadcast = (event: string, data: unknown) => {
      for (const client of clients) client.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    const firstBuilds: Partial<Record<BuildOutcome['which'], number>> = {};
    const onBuilt = (outcome: BuildOutcome) => {
      if (firstBuilds[outcome.which] === undefined) {
        firstBuilds[outcome.which] = outcome.ms;
        if (!outcome.ok) log(`Build of the ${outcome.which} failed:\n${outcome.errors.join('\n')}`);
        return;
      }
      if (outcome.ok) {
        log(`Rebuilt the ${outcome.which} in ${outcome.ms} ms; reloading the page`);
        broadcast('reload', {which: outcome.which});
      } else {
        log(`Rebuild of the ${outcome.which} failed:\n${outcome.errors.join('\n')}`);
        broadcast('build-error', {errors: outcome.errors});
      }
    };

    // The emulator, the provider and the two bundles start side by side; whichever started is closed on a failure.
    const providerStart = async (): Promise<{oauth: OAuthProviderHandle | null; problem?: string}> => {
      if (options.providerPort === false) return {oauth: null, problem: 'disabled'};
      const when = options.startProvider ?? (options.providerPort === undefined ? 'auto' : 'always');
      if (when === 'auto' && !pointsAtLocalProvider(app)) {
        return {oauth: null, problem: 'the manifest does not point at it; --oauth starts it anyway'};
      }
      const spawner = await loadProviderSpawner();
      if (typeof spawner === 'string') return {oauth: null, problem: spawner};
      return {
        oauth: await spawner({
          ...(options.provider ?? DEFAULT_PROVIDER_SETTINGS),
          redirectUris: oauthRedirectUris(app.id, origin),
          port: options.providerPort ?? DEFAULT_PROVIDER_PORT,
        }),
      };
    };
    const [emulatorResult, providerResult, bundlerResult] = await Promise.allSettled([
      startEmulator({port: options.emulatorPort ?? 0, memory: options.memory ?? false, dataDir}).catch((err: unknown) => {
        throw new Error(`Secret Store emulator: ${err instanceof Error ? err.message.replace('--port', '--emulator-port') : String(err)}`);
      }),
      providerStart().catch((err: unknown) => {
        throw new Error(`OAuth provider (port ${options.providerPort ?? DEFAULT_PROVIDER_PORT}): ${err instanceof Error ? err.message.replace(/--port\b/g, '--provider-port') : String(err)}`);
      }),
      createBundler(app, {watch, onBuilt}),
    ]);
    if (emulatorResult.status === 'fulfilled') cleanups.push(() => emulatorResult.value.close());
    if (providerResult.status === 'fulfilled') cleanups.push(() => providerResult.value.oauth?.close());
    if (bundlerResult.status === 'fulfilled') cleanups.push(() => bundlerResult.value.dispose());
    for (const result of [emulatorResult, providerResult, bundlerResult]) if (result.status === 'rejected') throw result.reason;
    const emulator = (emulatorResult as PromiseFulfilledResult<RunningEmulator>).value;
    const {oauth, problem: oauthProblem} = (providerResult as PromiseFulfilledResult<{oauth: OAuthProviderHandle | null; problem?: string}>).value;
    const bundler = (bundlerResult as PromiseFulfilledResult<Bundler>).value;

    const origins: OriginMap = {
      [`http://127.0.0.1:${DEFAULT_DASHBOARD_PORT}`]: origin,
      [`http://localhost:${DEFAULT_DASHBOARD_PORT}`]: origin,
    };
    if (oauth) {
      const providerOrigin = new URL(oauth.url).origin;
      origins[`http://127.0.0.1:${DEFAULT_PROVIDER_PORT}`] = providerOrigin;
      origins[`http://localhost:${DEFAULT_PROVIDER_PORT}`] = providerOrigin;
    }
    app = loadApp(appDir, origins);

    // One Dashboard session per user and mode, holding the manifest's permissions (as Stripe grants at install).
    let sessions = new Map<string, Promise<string>>();
    const session = (user: string, mode: Mode) => {
      const key = `${user}:${mode}`;
      let token = sessions.get(key);
      if (!token) {
        token = emulator.createDashboardSession({account: ACCOUNT.id, user, livemode: mode === 'live', permissions: app.permissions});
        sessions.set(key, token);
      }
      return token;
    };

    // A manifest change (a new view, a permission, connect-src) reloads the project, the sessions and the worker.
    const watchers: FSWatcher[] = [];
    const watchManifest = () => {
      for (const file of [join(appDir, 'stripe-app.json'), join(appDir, 'stripe-app.local.json')]) {
        if (!existsSync(file)) continue;
        let timer: NodeJS.Timeout | undefined;
        const watcher = watchFile(file, () => {
          clearTimeout(timer);
          timer = setTimeout(() => {
            try {
              app = loadApp(appDir, origins);
              sessions = new Map();
              log('Manifest changed; rebuilding the views');
              void bundler.reload(app);
            } catch (err) {
              broadcast('build-error', {errors: [err instanceof Error ? err.message : String(err)]});
            }
          }, 100);
        });
        watcher.unref();
        watchers.push(watcher);
      }
    };
    if (watch) watchManifest();
    cleanups.push(() => watchers.forEach((w) => w.close()));
    const heartbeat = setInterval(() => {
      for (const client of clients) client.write(': keep-alive\n\n');
    }, 15_000);
    heartbeat.unref();
    cleanups.push(() => {
      clearInterval(heartbeat);
      for (const client of clients) client.end();
    });

    const pageConfig = (): PageConfig => ({
      app: {
        id: app.id,
        name: app.name,
        version: app.version,
        dir: app.dir,
        views: app.views,
        viewFiles: Object.keys(app.viewFiles),
        missingViews: app.missingViews,
        permissions: app.permissions,
        connectSrc: app.connectSrc,
        constants: app.constants,
      },
      oauth: oauth ? {url: oauth.url} : null,
      buildErrors: bundler.errors(),
    });

    const allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

    served.handle((req, res) => {
      // DNS rebinding: only this machine's names for this server.
      if (!allowedHosts.has(req.headers.host ?? '')) {
        send(res, 421, 'text/plain', 'Misdirected request');
        return;
      }
      // Only a path on this server: an absolute or protocol-relative target would make /v1 forward to another host.
      const url = originFormTarget(req.url, origin);
      if (!url) {
        send(res, 400, 'text/plain', 'Bad request: the request target must be a path on this server.');
        return;
      }
      const canonical = canonicalRedirect(req.headers.host, port, origin, url);
      if (canonical) {
        res.writeHead(308, {Location: canonical, 'Cache-Control': 'no-store'});
        res.end();
        return;
      }
      const path = url.pathname;
      if (path.startsWith('/v1/')) {
        proxyToEmulator(req, res, emulator.url, url);
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        send(res, 405, 'text/plain', 'Method not allowed');
        return;
      }
      if (path === '/__dashboard/page.js' || path === '/__dashboard/worker.js') {
        const code = path === '/__dashboard/page.js' ? bundler.page() : bundler.worker();
        if (code === undefined) send(res, 500, 'text/javascript', `console.error(${JSON.stringify(bundler.errors().join('\n'))});`);
        else send(res, 200, 'text/javascript; charset=utf-8', code);
        return;
      }
      if (path === '/__dashboard/session') {
        const user = url.searchParams.get('user') ?? '';
        const mode = url.searchParams.get('mode') as Mode;
        if (!USERS.some((u) => u.id === user) || !MODES.includes(mode)) {
          send(res, 400, 'application/json', JSON.stringify({error: 'unknown user or mode'}));
          return;
        }
        session(user, mode).then(
          (token) => send(res, 200, 'application/json', JSON.stringify({token})),
          (err: unknown) => send(res, 500, 'application/json', JSON.stringify({error: err instanceof Error ? err.message : String(err)})),
        );
        return;
      }
      if (path === '/__dashboard/events') {
        res.writeHead(200, {'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive'});
        res.write(': connected\n\n');
        clients.add(res);
        req.on('close', () => clients.delete(res));
        return;
      }
      if (path === '/favicon.ico') {
        send(res, 204, 'text/plain', '');
        return;
      }
      if (path === '/' || /^\/(test\/)?apps-oauth\/[^/]+$/.test(path)) {
        send(res, 200, 'text/html; charset=utf-8', renderHtml(pageConfig()));
        return;
      }
      send(res, 404, 'text/plain', 'Not found');
    });

    return {
      url: origin,
      port,
      app,
      emulator,
      oauth: oauth ? {url: oauth.url, port: oauth.port} : null,
      oauthProblem,
      callsSecretStore: callsSecretStore(bundler.sources()),
      buildTimes: {worker: firstBuilds.worker ?? 0, page: firstBuilds.page ?? 0},
      close: closeAll,
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}
