import {cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import * as esbuild from 'esbuild';
import {loadApp} from '../../dashboard/app';
import {buildCache} from '../../dashboard/build-cache';
import {createBundler, DASHBOARD_ROOT, type BuildOutcome} from '../../dashboard/bundle';

/**
 * The build cache keeps the app-independent bundles between starts and must never hand out one made from other
 * inputs: each case builds a small project for real with esbuild, keeps it, changes one thing the output depends on and
 * expects a miss — and, where the change reaches the output, that the rebuild shows it.
 */
jest.setTimeout(60_000);

let scratch: string;
let project: string;
let cacheDir: string;
let pluginFile: string;

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'ld-build-cache-'));
  project = join(scratch, 'project');
  cacheDir = join(scratch, 'cache');
  mkdirSync(join(project, 'src'), {recursive: true});
  mkdirSync(join(project, 'node_modules', 'shout'), {recursive: true});
  writeFileSync(
    join(project, 'src', 'main.ts'),
    "import {greeting} from './greeting';\nimport shout from 'shout';\nconsole.log(shout(greeting));\n",
  );
  writeFileSync(join(project, 'src', 'greeting.ts'), "export const greeting = 'hello from greeting.ts';\n");
  writeFileSync(join(project, 'node_modules', 'shout', 'package.json'), JSON.stringify({name: 'shout', main: 'a.js'}));
  writeFileSync(join(project, 'node_modules', 'shout', 'a.js'), "module.exports = (s) => s + ' (shout a)';\n");
  writeFileSync(join(project, 'node_modules', 'shout', 'b.js'), "module.exports = (s) => s + ' (shout b)';\n");
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({compilerOptions: {}}));
  pluginFile = join(scratch, 'plugin.ts');
  writeFileSync(pluginFile, '// the plugins of the build, as a caller names them\n');
});

afterEach(() => {
  rmSync(scratch, {recursive: true, force: true});
});

function options(extra: esbuild.BuildOptions = {}): esbuild.BuildOptions {
  return {
    entryPoints: [join(project, 'src', 'main.ts')],
    absWorkingDir: project,
    bundle: true,
    write: false,
    metafile: true,
    outdir: '/out',
    logLevel: 'silent',
    ...extra,
  };
}

/** What the cache answers, after priming it with a real build when it had nothing. */
async function build(extra: esbuild.BuildOptions = {}): Promise<{cached: boolean; text: string}> {
  const cache = buildCache(cacheDir, 'main', options(extra), [pluginFile]);
  const kept = cache.read()?.['main.js'];
  if (kept !== undefined) return {cached: true, text: kept};
  const result = await esbuild.build(options(extra));
  cache.write(result);
  return {cached: false, text: result.outputFiles![0].text};
}

test('a second start reads the kept build; an edited input makes a miss, and the rebuild shows the edit', async () => {
  const first = await build();
  expect(first).toMatchObject({cached: false});
  expect(first.text).toContain('hello from greeting.ts');
  expect(await build()).toEqual({cached: true, text: first.text});

  writeFileSync(join(project, 'src', 'greeting.ts'), "export const greeting = 'edited';\n");
  const edited = await build();
  expect(edited.cached).toBe(false);
  expect(edited.text).toContain('edited');
  expect(await build()).toEqual({cached: true, text: edited.text});
});

test('an edited package file, or a package.json that points elsewhere, is a miss', async () => {
  await build();
  writeFileSync(join(project, 'node_modules', 'shout', 'a.js'), "module.exports = (s) => s + ' (shout a, edited)';\n");
  expect((await build()).text).toContain('shout a, edited');

  writeFileSync(join(project, 'node_modules', 'shout', 'package.json'), JSON.stringify({name: 'shout', main: 'b.js'}));
  const moved = await build();
  expect(moved.cached).toBe(false);
  expect(moved.text).toContain('shout b');
});

test('a new file that the same import now resolves to is a miss: a nearer package, a preferred extension', async () => {
  await build();
  // A package of the same name installed nearer to the importer.
  mkdirSync(join(project, 'src', 'node_modules', 'shout'), {recursive: true});
  writeFileSync(
    join(project, 'src', 'node_modules', 'shout', 'index.js'),
    "module.exports = (s) => s + ' (nearer)';\n",
  );
  const nearer = await build();
  expect(nearer.cached).toBe(false);
  expect(nearer.text).toContain('(nearer)');

  // esbuild tries .tsx before .ts: a new greeting.tsx takes over './greeting' without any input changing.
  writeFileSync(join(project, 'src', 'greeting.tsx'), "export const greeting = 'hello from greeting.tsx';\n");
  const shadowed = await build();
  expect(shadowed.cached).toBe(false);
  expect(shadowed.text).toContain('hello from greeting.tsx');
});

test('a changed tsconfig.json, other options, other plugins or another esbuild is a miss', async () => {
  await build();
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({compilerOptions: {jsx: 'react-jsx'}}));
  expect((await build()).cached).toBe(false);
  expect((await build()).cached).toBe(true);

  expect((await build({define: {DEBUG: 'true'}})).cached).toBe(false);
  expect((await build({define: {DEBUG: 'true'}})).cached).toBe(true);

  writeFileSync(pluginFile, '// the plugins, changed\n');
  expect((await build({define: {DEBUG: 'true'}})).cached).toBe(false);

  // The entry records the esbuild version it was made with.
  const entry = join(cacheDir, 'main.json');
  const kept = readFileSync(entry, 'utf8');
  expect((await build({define: {DEBUG: 'true'}})).cached).toBe(true);
  writeFileSync(entry, kept.replace(/"key":"[^"]+"/, '"key":"made-by-another-esbuild"'));
  expect((await build({define: {DEBUG: 'true'}})).cached).toBe(false);
});

test('a torn or missing entry is only a miss', async () => {
  await build();
  writeFileSync(join(cacheDir, 'main.json'), '{"key": "trunc');
  expect((await build()).cached).toBe(false);
  rmSync(cacheDir, {recursive: true, force: true});
  expect((await build()).cached).toBe(false);
  expect((await build()).cached).toBe(true);
});

test('the Dashboard keeps its page and the views’ shared runtime, and builds the app on every start', async () => {
  const dir = join(scratch, 'app');
  cpSync(join(DASHBOARD_ROOT, 'local', 'test', 'e2e', 'fixtures', 'fetcher'), dir, {recursive: true});
  const view = join(dir, 'src', 'views', 'FetchDrawer.tsx');
  const start = async () => {
    const outcomes: BuildOutcome[] = [];
    const bundler = await createBundler(loadApp(dir), {watch: false, onBuilt: (o) => outcomes.push(o), cacheDir});
    try {
      expect(bundler.errors()).toEqual([]);
      return {page: outcomes.find((o) => o.which === 'page'), pageCode: bundler.page(), worker: bundler.worker() ?? ''};
    } finally {
      await bundler.dispose();
    }
  };
  const first = await start();
  expect(first.page?.cached).toBeFalsy();
  expect(first.worker).toContain('Nothing fetched yet');

  writeFileSync(view, readFileSync(view, 'utf8').replace('Nothing fetched yet', 'Edited between two starts'));
  const second = await start();
  expect(second.page?.cached).toBe(true);
  expect(second.pageCode).toBe(first.pageCode);
  // The worker: the kept shared runtime first, then the app as it is now.
  const kept = JSON.parse(readFileSync(join(cacheDir, 'worker-runtime.json'), 'utf8')) as {
    outputs: Record<string, string>;
  };
  const runtime = kept.outputs['stdin.js'];
  expect(runtime).toContain('globalThis.__localDashboardShared');
  expect(first.worker.startsWith(`${runtime}\n`)).toBe(true);
  expect(second.worker.startsWith(`${runtime}\n`)).toBe(true);
  expect(second.worker).toContain('Edited between two starts');
  expect(second.worker).not.toContain('Nothing fetched yet');
});
