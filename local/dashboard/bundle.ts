import {watch as watchDir, type FSWatcher} from 'node:fs';
import {join, resolve} from 'node:path';
import * as esbuild from 'esbuild';
import type {AppProject} from './app';
import {buildCache, type BuildCache} from './build-cache';
import {confinePlugin} from './confine';
import {nodeBuiltinsPlugin} from './node-builtins';

/**
 * The two bundles the page loads, built with esbuild's JS API into memory: the worker (a generated entry importing each
 * manifest view, plus the remote-ui runtime) and the page (the React host, its DOM components and the platform host).
 * In watch mode esbuild rebuilds on every source change and `onBuilt` fires, so the server can tell the page to reload.
 *
 * What does not depend on the app comes from the build cache (build-cache.ts) when nothing it was made from changed:
 * the page, and the worker's shared runtime (React, its reconciler and remote-ui: most of the worker's code). The
 * worker script is that runtime followed by the app's own bundle, built on every start and change.
 */

/** This repository's root: the host's own dependencies live here. */
export const DASHBOARD_ROOT = resolve(__dirname, '..', '..');

export interface BuildOutcome {
  which: 'worker' | 'page';
  ok: boolean;
  /** esbuild's messages, formatted; empty when ok. */
  errors: string[];
  ms: number;
  bytes: number;
  /** The worker's own source files (absolute; no node_modules, no runtime), when the build succeeded. */
  sources?: string[];
  /** The page came from the build cache: nothing it is made from changed since it was built. */
  cached?: boolean;
}

/**
 * React and remote-ui must be one copy in the worker (the SDK's components, the reconciler and the app's React share
 * hooks state), as the Dashboard supplies them to every app. They always come from here, wherever the app lives, and
 * always in the same module format: a CommonJS SDK (8.x) `require`s them while the worker runtime `import`s them, and
 * resolving each with its caller's kind would pick `build/cjs` for one and `build/esm` for the other — two copies, and
 * "No remote-ui Render instance found in context". Resolving every request as an import gives one file per module;
 * esbuild wraps it for the callers that `require` it.
 *
 * Being the same for every app, they are built once into the shared runtime (kept in the build cache), which the
 * worker script runs before the app's bundle; the app's bundle takes them from it.
 */
const SHARED_MODULES = [
  'react',
  'react/jsx-runtime',
  'react/jsx-dev-runtime',
  '@remote-ui/react',
  '@remote-ui/core',
  '@remote-ui/rpc',
];
const SHARED = new RegExp(`^(${SHARED_MODULES.map((m) => m.replace(/[/]/g, '\\/')).join('|')})$`);

/** Resolves the shared modules from here, as imports (see SHARED): the shared runtime's build. */
function resolveSharedHere(): esbuild.Plugin {
  return {
    name: 'local-dashboard-shared-runtime',
    setup(build) {
      build.onResolve({filter: SHARED}, async (args) => {
        if ((args.pluginData as {shared?: boolean} | undefined)?.shared) return undefined;
        const result = await build.resolve(args.path, {
          kind: 'import-statement',
          resolveDir: DASHBOARD_ROOT,
          pluginData: {shared: true},
        });
        return result.errors.length ? {errors: result.errors} : {path: result.path};
      });
    },
  };
}

/**
 * The shared runtime's one script: each shared module as a `require` of it gives (an ES module's namespace marked
 * `__esModule`, a CommonJS module's exports), kept on a global the app's bundle reads them from.
 */
const SHARED_GLOBAL = '__localDashboardShared';
const SHARED_ENTRY = `globalThis.${SHARED_GLOBAL} = {${SHARED_MODULES.map((m) => `${JSON.stringify(m)}: require(${JSON.stringify(m)})`).join(', ')}};`;

/**
 * In the app's bundle a shared module is a CommonJS module whose exports are the shared runtime's: esbuild's interop
 * gives importers and requirers what they got when the module was bundled with them.
 */
function sharedFromRuntime(): esbuild.Plugin {
  const namespace = 'local-dashboard-shared';
  return {
    name: 'local-dashboard-shared-from-runtime',
    setup(build) {
      build.onResolve({filter: SHARED}, (args) => ({path: args.path, namespace}));
      build.onLoad({filter: /.*/, namespace}, (args) => ({
        contents: `module.exports = globalThis.${SHARED_GLOBAL}[${JSON.stringify(args.path)}];`,
        loader: 'js',
      }));
    },
  };
}

interface BuildOutput {
  js: string;
  /** The source map, for a build that makes one. */
  map?: string;
}

function reportPlugin(
  which: BuildOutcome['which'],
  onBuilt: (outcome: BuildOutcome, output?: BuildOutput, result?: esbuild.BuildResult) => void | Promise<void>,
): esbuild.Plugin {
  return {
    name: 'local-dashboard-report',
    setup(build) {
      let started = 0;
      build.onStart(() => {
        started = performance.now();
      });
      build.onEnd(async (result) => {
        const ms = () => Math.round(performance.now() - started);
        if (result.errors.length) {
          const errors = await esbuild.formatMessages(result.errors, {kind: 'error', color: false});
          await onBuilt({which, ok: false, errors, ms: ms(), bytes: 0});
          return;
        }
        const file = result.outputFiles?.find((f) => f.path.endsWith('.js'));
        const map = result.outputFiles?.find((f) => f.path.endsWith('.js.map'));
        const sources =
          which === 'worker' && result.metafile ? appSources(Object.keys(result.metafile.inputs)) : undefined;
        const output = file ? {js: file.text, map: map?.text} : undefined;
        await onBuilt(
          {which, ok: true, errors: [], ms: ms(), bytes: file?.contents.byteLength ?? 0, sources},
          output,
          result,
        );
      });
    },
  };
}

/**
 * The app's files among a build's inputs (metafile paths are relative to the working directory): not the Dashboard's
 * own runtime in local/, but the fixture apps of local/test/ are apps like any other.
 */
function appSources(inputs: string[]): string[] {
  const runtime = join(DASHBOARD_ROOT, 'local') + '/';
  const fixtures = join(DASHBOARD_ROOT, 'local', 'test') + '/';
  return inputs
    .filter((input) => !input.includes('node_modules/') && !input.includes(':') && input !== '<stdin>')
    .map((input) => resolve(input))
    .filter((file) => !file.startsWith(runtime) || file.startsWith(fixtures));
}

/** The generated entry's name (esbuild's stdin `sourcefile`), as errors show it. */
const WORKER_ENTRY = 'local-dashboard-views.tsx';

export function workerEntry(app: AppProject): string {
  const runtime = join(__dirname, 'worker', 'runtime.ts');
  const lines = [`import {startWorker} from ${JSON.stringify(runtime)};`];
  const names = Object.keys(app.viewFiles);
  names.forEach((component, i) => lines.push(`import View${i} from ${JSON.stringify(app.viewFiles[component])};`));
  lines.push(`startWorker({${names.map((component, i) => `${JSON.stringify(component)}: View${i}`).join(', ')}});`);
  return lines.join('\n');
}

const common: esbuild.BuildOptions = {
  bundle: true,
  write: false,
  platform: 'browser',
  format: 'iife',
  target: 'es2020',
  jsx: 'automatic',
  logLevel: 'silent',
  outdir: '/local-dashboard-out',
  loader: {'.png': 'dataurl', '.svg': 'dataurl'},
};

/** Where the app-independent builds are kept between starts (build-cache.ts). */
export const DEFAULT_CACHE_DIR = join(DASHBOARD_ROOT, 'node_modules', '.cache', 'local-dashboard');

const PAGE_OPTIONS: esbuild.BuildOptions = {
  ...common,
  absWorkingDir: DASHBOARD_ROOT,
  entryPoints: {page: join(__dirname, 'page', 'main.tsx')},
  define: {'process.env.NODE_ENV': '"production"'},
  minify: true,
  metafile: true,
};

const RUNTIME_OPTIONS: esbuild.BuildOptions = {
  ...common,
  absWorkingDir: DASHBOARD_ROOT,
  stdin: {contents: SHARED_ENTRY, resolveDir: DASHBOARD_ROOT, sourcefile: 'local-dashboard-shared.js', loader: 'js'},
  conditions: ['worker', 'browser'],
  // The views run React's development build, with its warnings.
  define: {'process.env.NODE_ENV': '"development"'},
  // Without whitespace and comments: 40% smaller, and ASCII only (a few dashes in React's comments would make the whole
  // worker script a two-byte string for the browser to decode and parse). Names are kept, so stack frames still read.
  minifyWhitespace: true,
  metafile: true,
  plugins: [resolveSharedHere()],
};

/**
 * The worker script: the shared runtime, then the app's bundle with its source map moved down by the runtime's lines
 * (a `;` in `mappings` starts the next generated line, so prefixing one per line shifts every mapping).
 */
function workerScript(runtime: string, app: BuildOutput): string {
  if (!app.map) return `${runtime}\n${app.js}`;
  const map = JSON.parse(app.map) as {mappings: string};
  map.mappings = ';'.repeat(runtime.split('\n').length) + map.mappings;
  const inline = Buffer.from(JSON.stringify(map)).toString('base64');
  return `${runtime}\n${app.js}//# sourceMappingURL=data:application/json;base64,${inline}\n`;
}

export interface Bundler {
  worker(): string | undefined;
  page(): string | undefined;
  /** The last failed build's messages, or empty. */
  errors(): string[];
  /** The app's source files in the last successful worker build. */
  sources(): string[];
  /** Rebuild the worker for a changed manifest (new views, new files). */
  reload(app: AppProject): Promise<void>;
  dispose(): Promise<void>;
}

/** How long the first build of each bundle may take before the Dashboard gives up (`--build-timeout`). */
export const DEFAULT_BUILD_TIMEOUT_MS = 60_000;

export class BuildTimeoutError extends Error {
  /** Resolves once esbuild has let go of the stopped builds (a blocked read may keep them until it ends). */
  settled: Promise<void> = Promise.resolve();
  constructor(which: BuildOutcome['which'], ms: number) {
    super(
      `The ${which === 'worker' ? "app's views" : 'Dashboard page'} did not build within ${Math.round(ms / 1000)} s, so the build was stopped. ` +
        'An import esbuild cannot finish reading (a named pipe, a device file) or a very large dependency graph does this; ' +
        'check what src/views imports, or allow more time with --build-timeout <seconds>.',
    );
    this.name = 'BuildTimeoutError';
  }
}

/** The shared runtime: from the cache, else built (and kept). Rejects with esbuild's messages when it fails. */
async function sharedRuntime(cache: BuildCache): Promise<string> {
  const cached = cache.read()?.['stdin.js'];
  if (cached !== undefined) return cached;
  const result = await esbuild.build(RUNTIME_OPTIONS).catch((err: esbuild.BuildFailure) => err);
  if (result.errors.length || !('outputFiles' in result) || !result.outputFiles) {
    throw new Error((await esbuild.formatMessages(result.errors, {kind: 'error', color: false})).join('\n'));
  }
  cache.write(result);
  return result.outputFiles[0].text;
}

/** Calls `onChange` once, at the first change in any of `dirs`; returns how to stop watching. */
function onFirstChange(dirs: string[], onChange: () => void): () => void {
  const watchers: FSWatcher[] = [];
  const stop = () => watchers.splice(0).forEach((w) => w.close());
  for (const dir of dirs) {
    try {
      const watcher = watchDir(dir, () => {
        stop();
        onChange();
      });
      watcher.on('error', () => undefined);
      watcher.unref();
      watchers.push(watcher);
    } catch {
      // A folder gone since the cached build: the next start rebuilds anyway.
    }
  }
  return stop;
}

export async function createBundler(
  app: AppProject,
  options: {
    watch: boolean;
    onBuilt: (outcome: BuildOutcome) => void;
    buildTimeoutMs?: number;
    /** Where app-independent builds are kept (default DEFAULT_CACHE_DIR). */
    cacheDir?: string;
  },
): Promise<Bundler> {
  const timeoutMs = options.buildTimeoutMs ?? DEFAULT_BUILD_TIMEOUT_MS;
  const cacheDir = options.cacheDir ?? DEFAULT_CACHE_DIR;
  const started = performance.now();
  const code: {worker?: string; page?: string} = {};
  let sources: string[] = [];
  const errors: {worker: string[]; page: string[]} = {worker: [], page: []};
  let built: {worker?: () => void; page?: () => void} = {};
  const onBuilt = (outcome: BuildOutcome, text?: string) => {
    errors[outcome.which] = outcome.errors;
    if (outcome.ok && text !== undefined) code[outcome.which] = text;
    if (outcome.sources) sources = outcome.sources;
    options.onBuilt(outcome);
    built[outcome.which]?.();
    built[outcome.which] = undefined;
  };

  // The runtime is read (or built) while esbuild builds the app's bundle; the worker's first build waits for it before
  // it reports.
  let runtime: Promise<string> | undefined;
  const sharedRuntimeCode = () => {
    if (!runtime) {
      runtime = sharedRuntime(buildCache(cacheDir, 'worker-runtime', RUNTIME_OPTIONS, [__filename]));
      runtime.catch(() => undefined);
    }
    return runtime;
  };
  let runtimeCode: string | undefined;
  const onWorkerBuilt = async (outcome: BuildOutcome, output?: BuildOutput) => {
    if (!outcome.ok || !output) {
      onBuilt(outcome);
      return;
    }
    if (runtimeCode === undefined) {
      try {
        runtimeCode = await sharedRuntimeCode();
      } catch (err) {
        const message = `The views' shared runtime (React, remote-ui) did not build: ${err instanceof Error ? err.message : String(err)}`;
        onBuilt({...outcome, ok: false, errors: [message], sources: undefined});
        return;
      }
      // The first build's time is until the whole worker script is there.
      outcome = {...outcome, ms: Math.round(performance.now() - started)};
    }
    onBuilt(outcome, workerScript(runtimeCode, output));
  };

  const makeWorker = (project: AppProject) =>
    esbuild.context({
      ...common,
      stdin: {contents: workerEntry(project), resolveDir: project.dir, sourcefile: WORKER_ENTRY, loader: 'tsx'},
      // The app's own node_modules first; the Dashboard's as a fallback for a project not yet installed.
      nodePaths: [join(DASHBOARD_ROOT, 'node_modules')],
      conditions: ['worker', 'browser'],
      define: {'process.env.NODE_ENV': '"development"'},
      // A separate map, so it can be moved below the shared runtime (workerScript).
      sourcemap: 'external',
      // Comments out (ASCII only, as the runtime: see RUNTIME_OPTIONS); the source map shows the files as written.
      minifyWhitespace: true,
      metafile: true,
      // stripe-node 8 and 9 `require` Node built-ins; see node-builtins.ts.
      // The confinement plugin first: it sees every import, and checks where the others resolved it.
      plugins: [
        confinePlugin({
          appDir: project.dir,
          hostRoot: DASHBOARD_ROOT,
          hostCode: join(DASHBOARD_ROOT, 'local'),
          entry: WORKER_ENTRY,
        }),
        sharedFromRuntime(),
        nodeBuiltinsPlugin(),
        reportPlugin('worker', onWorkerBuilt),
      ],
    });

  const pageCache = buildCache(cacheDir, 'page', PAGE_OPTIONS, [__filename]);
  const makePage = () =>
    esbuild.context({
      ...PAGE_OPTIONS,
      plugins: [
        reportPlugin('page', (outcome, output, result) => {
          if (result) pageCache.write(result);
          onBuilt(outcome, output?.js);
        }),
      ],
    });
  let page: esbuild.BuildContext | undefined;
  let stopPageWatch = () => undefined as void;
  let worker = await makeWorker(app);

  // A failed first build is reported through onBuilt; the page shows it. Watch mode makes the first build itself.
  const firstBuild = async (ctx: esbuild.BuildContext, which: BuildOutcome['which']) => {
    if (!options.watch) {
      await ctx.rebuild().catch(() => undefined);
      return;
    }
    const first = new Promise<void>((done) => {
      built = {...built, [which]: done};
    });
    await ctx.watch();
    await first;
  };
  // A build that never ends (esbuild blocked reading a file) would leave the command silent forever: past the time
  // allowed, it is cancelled and the start fails with a message saying so.
  const start = async (ctx: esbuild.BuildContext, which: BuildOutcome['which']) => {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_done, reject) => {
      timer = setTimeout(() => reject(new BuildTimeoutError(which, timeoutMs)), timeoutMs);
    });
    try {
      await Promise.race([firstBuild(ctx, which), timedOut]);
    } catch (err) {
      // Not awaited: esbuild's cancel waits for the blocked read, which may never end.
      ctx.cancel().catch(() => undefined);
      throw err;
    } finally {
      clearTimeout(timer);
    }
  };
  const dispose = async () => {
    stopPageWatch();
    await Promise.all([page?.dispose(), worker.dispose()]);
  };
  try {
    // The app's bundle first: esbuild builds it in its own process while this one reads the caches.
    const workerStarted = start(worker, 'worker');
    workerStarted.catch(() => undefined);
    void sharedRuntimeCode();
    const readingPage = performance.now();
    const cachedPage = pageCache.read()?.['page.js'];
    const pageReadMs = Math.round(performance.now() - readingPage);
    if (cachedPage !== undefined) {
      onBuilt(
        {
          which: 'page',
          ok: true,
          errors: [],
          ms: pageReadMs,
          bytes: Buffer.byteLength(cachedPage),
          cached: true,
        },
        cachedPage,
      );
      // The page's sources are watched cheaply; the first change starts esbuild's watch, whose build reloads the page.
      if (options.watch) {
        stopPageWatch = onFirstChange(pageCache.sourceDirs(), () => {
          void makePage().then(async (ctx) => {
            page = ctx;
            await ctx.watch();
          });
        });
      }
      await workerStarted;
    } else {
      page = await makePage();
      await Promise.all([start(page, 'page'), workerStarted]);
    }
  } catch (err) {
    // Not awaited either (see above); the contexts go once esbuild is done with them.
    const settled = dispose().then(
      () => undefined,
      () => undefined,
    );
    if (err instanceof BuildTimeoutError) err.settled = settled;
    throw err;
  }

  return {
    worker: () => code.worker,
    page: () => code.page,
    errors: () => [...errors.page, ...errors.worker],
    sources: () => sources,
    async reload(project) {
      await worker.dispose();
      worker = await makeWorker(project);
      // A rebuild past its time is a build error on the page (the server keeps running), not a failed start.
      await start(worker, 'worker').catch((err: unknown) =>
        onBuilt({
          which: 'worker',
          ok: false,
          errors: [err instanceof Error ? err.message : String(err)],
          ms: timeoutMs,
          bytes: 0,
        }),
      );
    },
    dispose,
  };
}

/** A bundler started before the rest of the Dashboard: what it reports waits for whoever listens. */
export interface EarlyBundler {
  /** The bundler once its first builds are done; rejects as createBundler does. */
  ready: Promise<Bundler>;
  /** Sends the outcomes so far, then each one to come, to `listener`. */
  onBuilt(listener: (outcome: BuildOutcome) => void): void;
}

/**
 * Starts the bundler at once (`npm start` does, before loading the servers' code): esbuild builds in its own process,
 * and asks this one only about files outside the allowed folders, so the build goes on while this process loads.
 */
export function startBundler(app: AppProject, options: {watch: boolean; buildTimeoutMs?: number}): EarlyBundler {
  const waiting: BuildOutcome[] = [];
  let listener: ((outcome: BuildOutcome) => void) | undefined;
  const ready = createBundler(app, {
    ...options,
    onBuilt: (outcome) => (listener ? listener(outcome) : waiting.push(outcome)),
  });
  // Whoever takes it awaits it; until then a failure is not unhandled.
  ready.catch(() => undefined);
  return {
    ready,
    onBuilt(next) {
      listener = next;
      for (const outcome of waiting.splice(0)) next(outcome);
    },
  };
}
