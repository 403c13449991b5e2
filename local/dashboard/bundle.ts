import {join, resolve} from 'node:path';
import * as esbuild from 'esbuild';
import type {AppProject} from './app';
import {confinePlugin} from './confine';
import {nodeBuiltinsPlugin} from './node-builtins';

/**
 * The two bundles the page loads, built with esbuild's JS API into memory: the worker (a generated entry importing each
 * manifest view, plus the remote-ui runtime) and the page (the React host, its DOM components and the platform host).
 * In watch mode esbuild rebuilds on every source change and `onBuilt` fires, so the server can tell the page to reload.
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
}

/**
 * React and remote-ui must be one copy in the worker (the SDK's components, the reconciler and the app's React share
 * hooks state), as the Dashboard supplies them to every app. They always come from here, wherever the app lives, and
 * always in the same module format: a CommonJS SDK (8.x) `require`s them while the worker runtime `import`s them, and
 * resolving each with its caller's kind would pick `build/cjs` for one and `build/esm` for the other — two copies, and
 * "No remote-ui Render instance found in context". Resolving every request as an import gives one file per module;
 * esbuild wraps it for the callers that `require` it.
 */
const SHARED = /^(react|react\/jsx-runtime|react\/jsx-dev-runtime|@remote-ui\/react|@remote-ui\/core|@remote-ui\/rpc)$/;

function sharedRuntimePlugin(): esbuild.Plugin {
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

function reportPlugin(
  which: BuildOutcome['which'],
  onBuilt: (outcome: BuildOutcome, code?: string) => void,
): esbuild.Plugin {
  return {
    name: 'local-dashboard-report',
    setup(build) {
      let started = 0;
      build.onStart(() => {
        started = performance.now();
      });
      build.onEnd(async (result) => {
        const ms = Math.round(performance.now() - started);
        if (result.errors.length) {
          const errors = await esbuild.formatMessages(result.errors, {kind: 'error', color: false});
          onBuilt({which, ok: false, errors, ms, bytes: 0});
          return;
        }
        const file = result.outputFiles?.find((f) => f.path.endsWith('.js'));
        const sources = result.metafile ? appSources(Object.keys(result.metafile.inputs)) : undefined;
        onBuilt({which, ok: true, errors: [], ms, bytes: file?.contents.byteLength ?? 0, sources}, file?.text);
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

export async function createBundler(
  app: AppProject,
  options: {watch: boolean; onBuilt: (outcome: BuildOutcome) => void; buildTimeoutMs?: number},
): Promise<Bundler> {
  const timeoutMs = options.buildTimeoutMs ?? DEFAULT_BUILD_TIMEOUT_MS;
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

  const makeWorker = (project: AppProject) =>
    esbuild.context({
      ...common,
      stdin: {contents: workerEntry(project), resolveDir: project.dir, sourcefile: WORKER_ENTRY, loader: 'tsx'},
      // The app's own node_modules first; the Dashboard's as a fallback for a project not yet installed.
      nodePaths: [join(DASHBOARD_ROOT, 'node_modules')],
      conditions: ['worker', 'browser'],
      define: {'process.env.NODE_ENV': '"development"'},
      sourcemap: 'inline',
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
        sharedRuntimePlugin(),
        nodeBuiltinsPlugin(),
        reportPlugin('worker', onBuilt),
      ],
    });
  const page = await esbuild.context({
    ...common,
    entryPoints: {page: join(__dirname, 'page', 'main.tsx')},
    define: {'process.env.NODE_ENV': '"production"'},
    minify: true,
    plugins: [reportPlugin('page', onBuilt)],
  });
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
  try {
    await Promise.all([start(page, 'page'), start(worker, 'worker')]);
  } catch (err) {
    // Not awaited either (see above); the contexts go once esbuild is done with them.
    const settled = Promise.all([page.dispose(), worker.dispose()]).then(
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
    async dispose() {
      await Promise.all([page.dispose(), worker.dispose()]);
    },
  };
}
