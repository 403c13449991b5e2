import {spawnSync} from 'node:child_process';
import {cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {createContext, runInContext} from 'node:vm';
import {gzipSync} from 'node:zlib';
import {BUDGET, checkBudget} from '../build/budget';
import {APP, EXTERNALS, GLOBAL_NAME, RUNTIME} from '../build/bundle';
import {buildApp, BuildError, formatReport, type BuildResult, type BundleReport} from '../build';
import type {Manifest} from '../manifest/check';
import {KEYRING} from '../manifest/keyring';
import {dashboardContext} from '../platform/context';
import {ADA, DEFAULT_VIEWPORT} from '../platform/fixtures';

/**
 * `npm run build` (local/build): the bundle the Stripe CLI would upload, its report and its budget. Each build here
 * writes to its own folder under `.build/` so that it never races `npm run build` or another test for `.build/ext.js`.
 */

jest.setTimeout(60_000);

const root = resolve(__dirname, '../..');
const manifest = () => JSON.parse(readFileSync(join(root, 'stripe-app.json'), 'utf8')) as Manifest;
const views = (m: Manifest) => (m.ui_extension as {views: {viewport: string; component: string}[]}).views;
const csp = (m: Manifest) =>
  (m.ui_extension as {content_security_policy: Record<string, unknown>}).content_security_policy;
const scratch = (name: string) => join(root, '.build', `jest-${name}-${process.pid}`);

/** Runs a bundle as the Dashboard's sandbox would load it: a global `require` supplies the externals. */
function evaluate(file: string) {
  const required: string[] = [];
  const jsx = (type: unknown, props: Record<string, unknown>) => ({type, props});
  const stubs: Record<string, Record<string, unknown>> = {
    react: {
      useState: () => [undefined, () => undefined],
      useEffect: () => undefined,
      useMemo: (f: () => unknown) => f(),
      useCallback: (f: unknown) => f,
      useRef: () => ({}),
    },
    'react/jsx-runtime': {jsx, jsxs: jsx, Fragment: 'Fragment'},
    '@remote-ui/react': {createRemoteReactComponent: (name: string) => name},
  };
  const sandbox: Record<string, unknown> = {
    require: (name: string) => {
      required.push(name);
      if (!(name in stubs)) throw new Error(`the bundle required ${name}, which the Dashboard does not supply`);
      return stubs[name];
    },
    // stripe-node's web platform defines an Event subclass when it loads; a browser worker has both.
    Event,
    EventTarget,
  };
  createContext(sandbox);
  runInContext(readFileSync(file, 'utf8'), sandbox, {filename: file});
  return {exports: sandbox[GLOBAL_NAME] as Record<string, unknown>, required: [...new Set(required)].sort()};
}

describe('npm run build on this project', () => {
  const outDir = scratch('build');
  let result: BuildResult | undefined;
  let failure: unknown;
  const report = (): BundleReport => {
    const r = result?.report ?? (failure instanceof BuildError ? failure.report : undefined);
    if (!r) throw failure;
    return r;
  };

  beforeAll(async () => {
    try {
      result = await buildApp({projectDir: root, outDir, app: KEYRING});
    } catch (error) {
      failure = error;
    }
  });
  afterAll(() => rmSync(outDir, {recursive: true, force: true}));

  it('succeeds: the manifest check, esbuild and the budget all pass', () => {
    if (failure) throw failure;
    expect(result?.report.budget.ok).toBe(true);
  });

  it('writes the generated manifest module the CLI writes: a default import per view', () => {
    const source = readFileSync(join(outDir, 'manifest.js'), 'utf8');
    const dir = outDir
      .slice(root.length + 1)
      .split('/')
      .map(() => '..')
      .join('/');
    for (const {component} of views(manifest())) {
      expect(source).toContain(`import ${component} from "${dir}/src/views/${component}";`);
    }
    expect(source).toContain("export * from '@stripe/ui-extension-sdk/version';");
  });

  it('is one IIFE assigned to __StripeExtExports exposing each view component as a function and the manifest as default', () => {
    const text = readFileSync(join(outDir, 'ext.js'), 'utf8');
    expect(text).toMatch(/^("use strict";)?var __StripeExtExports=\(\(\)=>\{/);
    const {exports} = evaluate(join(outDir, 'ext.js'));
    const m = manifest();
    for (const {component} of views(m)) expect(typeof exports[component]).toBe('function');
    expect(exports.default).toEqual(m);
    expect(exports.SDK_VERSION).toBe(
      JSON.parse(readFileSync(join(root, 'node_modules/@stripe/ui-extension-sdk/package.json'), 'utf8')).version,
    );
    expect(exports.BUILD_TIME).toBe(report().generatedAt);
    // A view renders through the host's React and jsx-runtime into the SDK's components: every drawer into the same
    // root (ContextView, titled Keyring), the settings page into another (SettingsView).
    const context = dashboardContext({user: ADA, viewportID: DEFAULT_VIEWPORT, constants: m.constants});
    const render = (view: string) =>
      (exports[view] as (c: unknown) => {type: unknown; props: {title?: unknown}})(context);
    const drawer = render('AppDrawer');
    expect(typeof drawer.type).toBe('function');
    expect(drawer.props.title).toBe('Keyring');
    expect(render('CustomerDrawer').type).toBe(drawer.type);
    expect(typeof render('AppSettings').type).toBe('function');
    expect(render('AppSettings').type).not.toBe(drawer.type);
  });

  it('leaves react, react/jsx-runtime and @remote-ui/react to the host: required at load, not bundled', () => {
    const {required} = evaluate(join(outDir, 'ext.js'));
    expect(required).toEqual([...EXTERNALS].sort());
    const map = JSON.parse(readFileSync(join(outDir, 'ext.js.map'), 'utf8')) as {sources: string[]};
    const bundledPackages = map.sources.filter((s) =>
      /node_modules\/(react|react-dom|scheduler|@remote-ui\/react)\//.test(s),
    );
    expect(bundledPackages).toEqual([]);
    const text = readFileSync(join(outDir, 'ext.js'), 'utf8');
    expect(text).not.toContain('__SECRET_INTERNALS_DO_NOT_USE_OR_YOU_WILL_BE_FIRED');
    expect(text).not.toContain('react.element');
  });

  it('has a source map naming every file of the app that reached the bundle, linked from the bundle', () => {
    const text = readFileSync(join(outDir, 'ext.js'), 'utf8');
    expect(text.trimEnd().endsWith('//# sourceMappingURL=ext.js.map')).toBe(true);
    const map = JSON.parse(readFileSync(join(outDir, 'ext.js.map'), 'utf8')) as {
      version: number;
      sources: string[];
      sourcesContent: string[];
      mappings: string;
    };
    expect(map.version).toBe(3);
    expect(map.mappings.length).toBeGreaterThan(0);
    expect(map.sourcesContent).toHaveLength(map.sources.length);
    // Files that put code in the bundle (a view that only re-exports its page adds none).
    const appFiles = Object.entries(report().bundle.appFiles)
      .filter(([, bytes]) => bytes > 0)
      .map(([file]) => file);
    expect(appFiles).toEqual(
      expect.arrayContaining(['src/pages/drawer/DrawerPage.tsx', 'src/pages/settings/SettingsPage.tsx']),
    );
    for (const file of appFiles) expect(map.sources.some((s) => s.endsWith(`/${file}`))).toBe(true);
  });

  it('reports the real sizes of the bundle and both floors, and a breakdown that adds up', () => {
    const r = report();
    expect(JSON.parse(readFileSync(join(outDir, 'bundle-report.json'), 'utf8'))).toEqual(r);
    const columns = [
      [r.bundle, join(outDir, 'ext.js')],
      [r.floor, join(outDir, 'floor', 'empty', 'ext.js')],
      [r.stripeFloor, join(outDir, 'floor', 'stripe-node', 'ext.js')],
    ] as const;
    for (const [figures, file] of columns) {
      const bytes = readFileSync(file);
      expect(figures.bytes).toBe(statSync(file).size);
      expect(figures.gzipBytes).toBe(gzipSync(bytes, {level: 9}).length);
      expect(Object.values(figures.packages).reduce((a, b) => a + b, 0)).toBe(figures.bytes);
      expect(figures.packages[RUNTIME]).toBeGreaterThan(0);
    }
    // The app ships no stripe-node; the second floor holds all of it (it does not tree-shake), the first none.
    expect(r.bundle.packages.stripe).toBeUndefined();
    expect(r.floor.packages.stripe).toBeUndefined();
    expect(r.stripeFloor.packages.stripe / r.stripeFloor.bytes).toBeGreaterThan(0.8);
    expect(r.bundle.appBytes).toBe(r.bundle.packages[APP]);
    expect(Object.values(r.bundle.appFiles).reduce((a, b) => a + b, 0)).toBe(r.bundle.appBytes);
    expect(Object.keys(r.bundle.appFiles)).toEqual(
      expect.arrayContaining(views(manifest()).map((v) => `src/views/${v.component}.tsx`)),
    );
    expect(r.floor.packages[APP] ?? 0).toBe(0);
    expect(r.budget).toMatchObject({
      bytes: r.bundle.bytes,
      gzipBytes: r.bundle.gzipBytes,
      appBytes: r.bundle.appBytes,
      ...BUDGET,
    });
    const text = formatReport(r).join('\n');
    for (const name of ['stripe', '@stripe/ui-extension-sdk', 'src/', 'others', 'gzip', 'empty view', '+ stripe-node'])
      expect(text).toContain(name);
  });

  it('bundles no module of stripe-node into the app', () => {
    const map = JSON.parse(readFileSync(join(outDir, 'ext.js.map'), 'utf8')) as {sources: string[]};
    expect(map.sources.filter((s) => s.includes('node_modules/stripe/'))).toEqual([]);
    expect(map.sources.some((s) => s.endsWith('src/secrets/client.ts'))).toBe(true);
  });

  it('evaluates both floor bundles: one empty view, and one holding the stripe-node client', () => {
    expect(typeof evaluate(join(outDir, 'floor', 'empty', 'ext.js')).exports.Empty).toBe('function');
    expect(typeof evaluate(join(outDir, 'floor', 'stripe-node', 'ext.js')).exports.Empty).toBe('function');
    expect(readFileSync(join(outDir, 'floor', 'stripe-node', 'ext.js'), 'utf8')).toContain('NodeBindings');
  });
});

describe('the budget', () => {
  const at = {bytes: 40 * 1024, gzipBytes: 14 * 1024, appBytes: 35 * 1024};

  it('allows a bundle up to 40 KiB minified and 14 KiB gzip, with src/ up to 35 KiB', () => {
    expect(BUDGET).toEqual({maxBytes: 40 * 1024, maxGzipBytes: 14 * 1024, appMaxBytes: 35 * 1024});
    expect(checkBudget(at)).toMatchObject({ok: true, problems: []});
  });

  it.each([
    ['bytes', 'the bundle (minified) is 40.0 KiB (40961 B), over its budget of 40.0 KiB (40960 B)'],
    ['gzipBytes', 'the bundle (gzip) is 14.0 KiB (14337 B), over its budget of 14.0 KiB (14336 B)'],
    ['appBytes', "the app's own code (src/, minified) is 35.0 KiB (35841 B), over its budget of 35.0 KiB (35840 B)"],
  ] as const)('fails one byte over in %s, with the figures', (key, message) => {
    const over = checkBudget({...at, [key]: at[key] + 1});
    expect(over.ok).toBe(false);
    expect(over.problems).toEqual([message]);
  });

  it('makes the build fail, naming the figures, when the project is over a (tiny) budget', async () => {
    const outDir = scratch('budget');
    try {
      const tiny = {maxBytes: 10 * 1024, maxGzipBytes: 20 * 1024, appMaxBytes: 1024};
      const error = await buildApp({projectDir: root, outDir, budget: tiny, app: KEYRING}).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(BuildError);
      const {kind, message, report} = error as BuildError;
      expect(kind).toBe('budget');
      expect(message).toMatch(/the bundle is over budget/);
      expect(message).toContain(`(${report!.bundle.appBytes} B), over its budget of 1.0 KiB (1024 B)`);
      expect(message).toContain(
        `the bundle (minified) is ${(report!.bundle.bytes / 1024).toFixed(1)} KiB (${report!.bundle.bytes} B)`,
      );
      expect(message).not.toContain('gzip');
      expect(JSON.parse(readFileSync(join(outDir, 'bundle-report.json'), 'utf8')).budget.ok).toBe(false);
    } finally {
      rmSync(outDir, {recursive: true, force: true});
    }
  });
});

describe('a broken manifest stops the build, naming the problem', () => {
  const cases: [string, (m: Manifest) => void, RegExp][] = [
    [
      'unknown viewport',
      (m) => views(m).push({viewport: 'stripe.dashboard.nowhere', component: 'AppDrawer'}),
      /viewport "stripe\.dashboard\.nowhere" is not a Stripe viewport/,
    ],
    [
      'http URL in connect-src',
      (m) => (csp(m)['connect-src'] = ['http://auth.example.com/oauth/']),
      /connect-src\[0\] must use https: http:\/\/auth\.example\.com\/oauth\//,
    ],
    ['missing view file', (m) => (views(m)[0].component = 'NoSuchView'), /src\/views\/NoSuchView\.tsx is missing/],
    [
      'localhost in production',
      (m) => ((m.constants as {provider: {tokenUrl: string}}).provider.tokenUrl = 'http://localhost:4244/token'),
      /constants\.provider\.tokenUrl points at this machine/,
    ],
  ];

  it.each(cases)('%s', async (_name, breakIt, message) => {
    const outDir = scratch('broken');
    try {
      const broken = manifest();
      breakIt(broken);
      const error = await buildApp({projectDir: root, outDir, manifest: broken, app: KEYRING}).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(BuildError);
      expect((error as BuildError).kind).toBe('manifest');
      expect((error as BuildError).message).toMatch(/not ready for stripe apps upload/);
      expect((error as BuildError).message).toMatch(message);
      expect(existsSync(join(outDir, 'ext.js'))).toBe(false);
    } finally {
      rmSync(outDir, {recursive: true, force: true});
    }
  });

  it('npm run build exits 1 on a copy of the project with a broken manifest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyring-build-'));
    try {
      cpSync(join(root, 'src'), join(dir, 'src'), {recursive: true});
      cpSync(join(root, 'tsconfig.json'), join(dir, 'tsconfig.json'));
      symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
      const broken = manifest();
      csp(broken)['connect-src'] = ['http://auth.example.com/oauth/'];
      writeFileSync(join(dir, 'stripe-app.json'), JSON.stringify(broken, null, 2));
      const run = spawnSync(
        process.execPath,
        ['--require', 'tsx/cjs', join(root, 'local/build/cli.ts'), '--keyring', '--dir', dir],
        {cwd: root, encoding: 'utf8'},
      );
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/build failed: the manifest is not ready for stripe apps upload/);
      expect(run.stderr).toMatch(/connect-src\[0\] must use https: http:\/\/auth\.example\.com\/oauth\//);
      expect(existsSync(join(dir, '.build', 'ext.js'))).toBe(false);
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });
});
