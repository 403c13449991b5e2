import {join, resolve} from 'node:path';
import {DEFAULT_DATA_DIR, startEmulator, type RunningEmulator} from '../../emulator';
import {spawnOAuthProvider, type SpawnedOAuthProvider, type SpawnOAuthProviderOptions} from '../../oauth/spawn';
import {serve} from '../../platform/serve';
import {
  DEFAULT_BACKEND_PORT,
  DEFAULT_DASHBOARD_PORT,
  DEFAULT_PROVIDER_PORT,
  loadApp,
  oauthRedirectUris,
  type AppProject,
  type OriginMap,
} from '../app';
import {createBundler, type Bundler, type EarlyBundler} from '../bundle';
import type {PageConfig} from '../html';
import {callsSecretStore, pointsAtLocalBackend, pointsAtLocalProvider} from '../usage';
import {startLocalBackend, type LocalBackend} from './backend';
import {createEvents} from './events';
import {createRouter, viewsOriginFor} from './router';
import {createSessions} from './sessions';
import {reportBuilds, watchManifest} from './watch';

/**
 * `npm start`: the Secret Store emulator, the local OAuth provider, Keyring's backend and the local Dashboard page.
 * Starting is a sequence: the page server listens (its port is part of the OAuth redirect URLs) → side by side, the
 * two bundles, the emulator, the provider's port (bound here; its process loads on, requests wait for it) and then the
 * backend (configured from the emulator and the provider; its code loads with its first request) → the project is
 * read again with the ports in use → the events, sessions and manifest watch are made → the router takes the
 * requests. The start resolves there, with `services` saying when the provider answers too. Whatever started is
 * closed, in reverse order, on a failure or by `close()`.
 */

export interface DashboardOptions {
  /** Default 4242; 0 picks a free port. */
  port?: number;
  /** The Stripe App project to preview; default the working directory. */
  appDir?: string;
  /** Keep the Secret Store in memory. */
  memory?: boolean;
  /**
   * Durable data directory (default `.local-data/secret-store`, or `.local-data/apps/<id>/secret-store` for another
   * app).
   */
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
  provider?: Pick<
    SpawnOAuthProviderOptions,
    'refreshReuseGrace' | 'refreshReuse' | 'tokenSize' | 'tokenDelay' | 'accessTokenTtl' | 'log'
  >;
  /** Keyring's backend port (default 0, any free port; `npm start` asks for 4245); `false` starts none. */
  backendPort?: number | false;
  /**
   * When the backend starts: `always`, or `auto`, only when the manifest's `backendUrl` constant points at
   * http://127.0.0.1:4245 (as Keyring's stripe-app.local.json does). Default `auto`.
   */
  startBackend?: 'always' | 'auto';
  /** Rebuild and reload on source changes (default true). */
  watch?: boolean;
  /** How long the first build may take before the start fails with a message (default 60 s; `--build-timeout`). */
  buildTimeoutMs?: number;
  /** One line per notable event (never a payload or a token). Default: none. */
  log?: (line: string) => void;
  /**
   * The bundler, already started for the same `appDir` and `watch` (startBundler), which the Dashboard then owns:
   * `npm start` starts it before loading the rest. Default: started here.
   */
  bundler?: EarlyBundler;
  /**
   * Called as soon as the page can be opened, while the views may still be building: every server listens, and the
   * page's server answers the rest once they are built (`npm start` prints the URL then). `close` stops everything.
   */
  onListening?: (dashboard: ListeningDashboard) => void;
}

/** Everything but what the first builds tell. */
export interface ListeningDashboard {
  url: string;
  port: number;
  app: AppProject;
  emulator: RunningEmulator;
  /** The OAuth provider, when one is running. */
  oauth: {url: string; port: number} | null;
  /** Why no provider runs, when none does. */
  oauthProblem?: string;
  /** Keyring's backend, when one is running, with the app signing secrets it verifies with. */
  backend: {url: string; port: number; signingSecrets: string[]} | null;
  /** Why no backend runs, when none does. */
  backendProblem?: string;
  close(): Promise<void>;
}

export interface RunningDashboard extends ListeningDashboard {
  /** Whether the app's code calls the Secret Store (read from the sources of the first worker build). */
  callsSecretStore: boolean;
  /** Milliseconds each first build took; `pageCached` when the page came from the build cache. */
  buildTimes: {worker: number; page: number; pageCached: boolean};
  /**
   * Resolves once every server answers: the provider's process finishes loading after the start (its port is bound,
   * so requests to it wait). Rejects with why one could not start; the Dashboard should then be closed.
   */
  services: Promise<void>;
}

const DEFAULT_PROVIDER_SETTINGS: NonNullable<DashboardOptions['provider']> = {refreshReuseGrace: 10};

type ProviderStart = {oauth: SpawnedOAuthProvider | null; problem?: string};

/** The provider, unless it is off or (`auto`) the manifest does not point at it; a busy port names --provider-port. */
async function startProvider(options: DashboardOptions, app: AppProject, origin: string): Promise<ProviderStart> {
  if (options.providerPort === false) return {oauth: null, problem: 'disabled'};
  const when = options.startProvider ?? (options.providerPort === undefined ? 'auto' : 'always');
  if (when === 'auto' && !pointsAtLocalProvider(app))
    return {oauth: null, problem: 'the manifest does not point at it; --oauth starts it anyway'};
  const port = options.providerPort ?? DEFAULT_PROVIDER_PORT;
  try {
    // The provider answers CORS for its redirect URIs' origins only, and the views call its token endpoint from the
    // views origin; so that origin's return paths are registered too (it sends them on to the page's origin, code and
    // all).
    const redirectUris = [
      ...oauthRedirectUris(app.id, origin),
      ...oauthRedirectUris(app.id, viewsOriginFor(Number(new URL(origin).port))),
    ];
    const settings = options.provider ?? DEFAULT_PROVIDER_SETTINGS;
    // Nothing waits for it (its port is bound): it loads beside the views' build and the first page, behind them.
    return {
      oauth: await spawnOAuthProvider({...settings, redirectUris, port, returnWhenBound: true, loadInBackground: true}),
    };
  } catch (err) {
    throw new Error(
      `OAuth provider (port ${port}): ${err instanceof Error ? err.message.replace(/--port\b/g, '--provider-port') : String(err)}`,
    );
  }
}

/** The emulator; a busy port names --emulator-port. */
function startSecretStore(options: DashboardOptions, dataDir: string): Promise<RunningEmulator> {
  return startEmulator({port: options.emulatorPort ?? 0, memory: options.memory ?? false, dataDir}).catch(
    (err: unknown) => {
      throw new Error(
        `Secret Store emulator: ${err instanceof Error ? err.message.replace('--port', '--emulator-port') : String(err)}`,
      );
    },
  );
}

type BackendStart = {backend: LocalBackend | null; problem?: string};

/** The backend, unless it is off or (`auto`) the manifest's `backendUrl` does not point at it. */
async function startBackend(
  options: DashboardOptions,
  app: AppProject,
  emulator: RunningEmulator,
  oauth: SpawnedOAuthProvider | null,
  log: (line: string) => void,
): Promise<BackendStart> {
  if (options.backendPort === false) return {backend: null, problem: 'disabled'};
  if ((options.startBackend ?? 'auto') === 'auto' && !pointsAtLocalBackend(app))
    return {backend: null, problem: "the manifest's backendUrl does not point at it; --backend starts it anyway"};
  return {
    backend: await startLocalBackend({port: options.backendPort ?? 0, app, emulator, providerUrl: oauth?.url, log}),
  };
}

/** The manifests name the default ports; the project is read with the ports in use. */
function portsInUse(origin: string, oauth: SpawnedOAuthProvider | null, backend: LocalBackend | null): OriginMap {
  const origins: OriginMap = {
    [`http://127.0.0.1:${DEFAULT_DASHBOARD_PORT}`]: origin,
    [`http://localhost:${DEFAULT_DASHBOARD_PORT}`]: origin,
  };
  if (oauth) {
    const providerOrigin = new URL(oauth.url).origin;
    origins[`http://127.0.0.1:${DEFAULT_PROVIDER_PORT}`] = providerOrigin;
    origins[`http://localhost:${DEFAULT_PROVIDER_PORT}`] = providerOrigin;
  }
  if (backend) {
    origins[`http://127.0.0.1:${DEFAULT_BACKEND_PORT}`] = backend.url;
    origins[`http://localhost:${DEFAULT_BACKEND_PORT}`] = backend.url;
  }
  return origins;
}

function pageConfig(app: AppProject, oauth: SpawnedOAuthProvider | null): Omit<PageConfig, 'page' | 'buildErrors'> {
  return {
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
      imageSrc: app.imageSrc,
      constants: app.constants,
    },
    oauth: oauth ? {url: oauth.url} : null,
  };
}

/**
 * How a bundler is closed: once built, by waiting for its disposal; while still building, by letting it go (it is
 * disposed if its build ends). Ctrl-C reaches the whole process group, esbuild's service too, and a build whose service
 * is gone never ends: waiting for it would keep `npm start` from stopping.
 */
function disposer(start: Promise<Bundler>): () => Promise<void> | void {
  let built = false;
  start.then(
    () => (built = true),
    () => undefined,
  );
  return () => {
    const disposal = start.then((bundler) => bundler.dispose()).catch(() => undefined);
    return built ? disposal : undefined;
  };
}

export async function startDashboard(options: DashboardOptions = {}): Promise<RunningDashboard> {
  const log = options.log ?? (() => undefined);
  const appDir = resolve(options.appDir ?? process.cwd());
  const watch = options.watch ?? true;

  const given = options.bundler;
  const disposeGiven = given ? disposer(given.ready) : () => undefined;
  const served = await serve({port: options.port ?? DEFAULT_DASHBOARD_PORT}).catch(async (err: unknown) => {
    await disposeGiven();
    throw err;
  });
  const {port, url: origin} = served;
  // A bundler handed over is closed with the rest, whether or not the start got as far as waiting for it.
  const cleanups: (() => Promise<void> | void)[] = [served.close, disposeGiven];
  let closed = false;
  let closing: Promise<void> | undefined;
  // Once: `close()` may come while the start is still waiting for the views (npm start's Ctrl-C), and a start that then
  // fails closes too.
  const closeAll = () =>
    (closing ??= (async () => {
      closed = true;
      for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
    })());

  try {
    let app = loadApp(appDir);
    const ownApp = resolve(process.cwd()) === appDir;
    const dataDir =
      options.dataDir ?? (ownApp ? DEFAULT_DATA_DIR : join('.local-data', 'apps', app.id, 'secret-store'));
    const events = createEvents();
    cleanups.push(() => events.close());
    const builds = reportBuilds(log, events);

    const emulatorStart = startSecretStore(options, dataDir);
    const providerStart = startProvider(options, app, origin);
    const backendStart = Promise.all([emulatorStart, providerStart]).then(([emulator, {oauth}]) =>
      startBackend(options, app, emulator, oauth, log),
    );
    given?.onBuilt(builds.onBuilt);
    const bundlerStart =
      given?.ready ?? createBundler(app, {watch, onBuilt: builds.onBuilt, buildTimeoutMs: options.buildTimeoutMs});
    if (!given) cleanups.push(disposer(bundlerStart));
    bundlerStart.catch(() => undefined);
    const [emulatorResult, providerResult, backendResult] = await Promise.allSettled([
      emulatorStart,
      providerStart,
      backendStart,
    ]);
    if (emulatorResult.status === 'fulfilled') cleanups.push(() => emulatorResult.value.close());
    if (providerResult.status === 'fulfilled') cleanups.push(() => providerResult.value.oauth?.close());
    if (backendResult.status === 'fulfilled') cleanups.push(() => backendResult.value.backend?.close());
    for (const result of [emulatorResult, providerResult, backendResult])
      if (result.status === 'rejected') throw result.reason;
    const emulator = (emulatorResult as PromiseFulfilledResult<RunningEmulator>).value;
    const {oauth, problem: oauthProblem} = (providerResult as PromiseFulfilledResult<ProviderStart>).value;
    const {backend, problem: backendProblem} = (backendResult as PromiseFulfilledResult<BackendStart>).value;

    const origins = portsInUse(origin, oauth, backend);
    app = loadApp(appDir, origins);
    const sessions = createSessions(emulator, () => app.permissions);
    if (watch) {
      cleanups.push(
        watchManifest(appDir, () => {
          try {
            app = loadApp(appDir, origins);
            sessions.reset();
            log('Manifest changed; rebuilding the views');
            void bundlerStart.then((bundler) => bundler.reload(app)).catch(() => undefined);
          } catch (err) {
            events.broadcast('build-error', {errors: [err instanceof Error ? err.message : String(err)]});
          }
        }),
      );
    }

    const services = oauth
      ? oauth.listening.catch((err: unknown) => {
          // Closed while it was loading: stopped, not failed.
          if (closed) return;
          throw new Error(`OAuth provider: ${err instanceof Error ? err.message : String(err)}`);
        })
      : Promise.resolve();
    // Whoever does not ask is not told twice: the rejection is handled here, and still reaches whoever awaits it.
    services.catch(() => undefined);

    // The page's server answers from here; what needs the views waits for them.
    served.handle(
      createRouter({
        origin,
        port,
        emulatorUrl: emulator.url,
        bundler: bundlerStart,
        sessions,
        events,
        pageConfig: () => pageConfig(app, oauth),
      }),
    );
    const listening: ListeningDashboard = {
      url: origin,
      port,
      app,
      emulator,
      oauth: oauth ? {url: oauth.url, port: oauth.port} : null,
      oauthProblem,
      backend: backend ? {url: backend.url, port: backend.port, signingSecrets: backend.signingSecrets} : null,
      backendProblem,
      close: closeAll,
    };
    options.onListening?.(listening);

    const bundler = await bundlerStart;
    return {
      ...listening,
      callsSecretStore: callsSecretStore(bundler.sources()),
      buildTimes: builds.buildTimes(),
      services,
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}
