import {spawnSync} from 'node:child_process';
import {
  closeSync,
  constants,
  cpSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {loadApp} from '../../dashboard/app';
import * as esbuild from 'esbuild';
import {BuildTimeoutError, createBundler} from '../../dashboard/bundle';
import {outsideOf} from '../../dashboard/confine';
import {fixtureApp, OLD_PACKAGES} from '../e2e/fixture-apps';

/**
 * `--app` builds stay inside the app: a view may bundle its own folder and the packages it imports, nothing else of
 * the developer's disk (issue 16 item 5). Each case is a small app in a temporary folder, built by the Dashboard's
 * real bundler; a "secret" file sits beside it, outside its folder.
 */
jest.setTimeout(60_000);

const ROOT = resolve(__dirname, '..', '..', '..');
const FETCHER = join(ROOT, 'local', 'test', 'e2e', 'fixtures', 'fetcher');
const SECRET_TEXT = 'NOT-FOR-THE-VIEW-7f3a';

let scratch: string;
let secret: string;

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'ld-confine-'));
  secret = join(scratch, 'secret.txt');
  writeFileSync(secret, SECRET_TEXT);
});

afterEach(() => {
  rmSync(scratch, {recursive: true, force: true});
});

/** The fetcher fixture with its drawer replaced by `source`. */
function appWithView(source: string): string {
  const dir = join(scratch, 'app');
  cpSync(FETCHER, dir, {recursive: true});
  writeFileSync(join(dir, 'src', 'views', 'FetchDrawer.tsx'), source);
  return dir;
}

async function build(
  dir: string,
  options: {buildTimeoutMs?: number} = {},
): Promise<{errors: string[]; worker?: string}> {
  const bundler = await createBundler(loadApp(dir), {watch: false, onBuilt: () => undefined, ...options});
  try {
    return {errors: bundler.errors(), worker: bundler.worker()};
  } finally {
    await bundler.dispose();
  }
}

const viewShowing = (imports: string) =>
  `${imports}\nimport {ContextView} from '@stripe/ui-extension-sdk/ui';\nexport default () => <ContextView title="t">{String(text)}</ContextView>;\n`;

test('an absolute import of a file outside the app, as text, is refused with an error naming the import', async () => {
  const {errors, worker} = await build(
    appWithView(viewShowing(`import text from ${JSON.stringify(secret)} with {type: 'text'};`)),
  );
  expect(errors.join('\n')).toContain(`Refused to bundle "${secret}" (imported by src/views/FetchDrawer.tsx)`);
  expect(errors.join('\n')).toContain("outside the app's folder");
  expect(worker ?? '').not.toContain(SECRET_TEXT);
});

test('a relative import that climbs out of the app is refused', async () => {
  const {errors} = await build(appWithView(viewShowing(`import text from '../../../secret.txt' with {type: 'text'};`)));
  expect(errors.join('\n')).toContain('Refused to bundle "../../../secret.txt"');
});

test('a symlink inside the app that points outside is refused: a linked file, and a linked view file', async () => {
  const dir = appWithView(viewShowing(`import text from './linked.txt' with {type: 'text'};`));
  symlinkSync(secret, join(dir, 'src', 'views', 'linked.txt'));
  expect((await build(dir)).errors.join('\n')).toContain('Refused to bundle "./linked.txt"');

  const outsideView = join(scratch, 'OutsideView.tsx');
  writeFileSync(outsideView, viewShowing(`import text from ${JSON.stringify(secret)} with {type: 'text'};`));
  rmSync(join(dir, 'src', 'views', 'FetchDrawer.tsx'));
  symlinkSync(outsideView, join(dir, 'src', 'views', 'FetchDrawer.tsx'));
  const {errors} = await build(dir);
  expect(errors.join('\n')).toContain(
    `Refused to bundle "${join(dir, 'src', 'views', 'FetchDrawer.tsx')}" (imported by the generated views entry)`,
  );
});

test('a file import into a node_modules folder above the app is refused; the same package imported by name is fine', async () => {
  const reactFile = join(ROOT, 'node_modules', 'react', 'index.js');
  const refused = await build(
    appWithView(viewShowing(`import * as r from ${JSON.stringify(reactFile)};\nconst text = typeof r;`)),
  );
  expect(refused.errors.join('\n')).toContain(`Refused to bundle "${reactFile}"`);
  const fine = await build(appWithView(viewShowing(`import * as r from 'react';\nconst text = typeof r;`)));
  expect(fine.errors).toEqual([]);
});

test("a view's import of the Dashboard's own runtime is refused, with the import shown; the generated entry's is not", async () => {
  const runtimeFile = join(ROOT, 'local', 'dashboard', 'worker', 'blocked.ts');
  const {errors, worker} = await build(
    appWithView(viewShowing(`import * as b from ${JSON.stringify(runtimeFile)};\nconst text = typeof b;`)),
  );
  const shown = errors.join('\n');
  expect(shown).toContain(`Refused to bundle "${runtimeFile}" (imported by src/views/FetchDrawer.tsx)`);
  // Where the import is, as esbuild shows any error: the file, line and column of the path, the line's text around it
  // (esbuild shortens a long line at either end, so how much shows depends on the checkout's path) and the path
  // underlined.
  expect(shown).toMatch(/FetchDrawer\.tsx:1:19:\n\s+1 │ [^\n]*from "\/[^\n]*\n\s+╵ +~+/);
  expect(worker).toBeUndefined();
});

test('a package of the app that reads a file outside every allowed folder is refused too', async () => {
  // Hoisted to a folder above the app, as workspaces do: a package's own imports skip the second resolution, so this is
  // the per-file check's to catch.
  const dir = appWithView(viewShowing(`import text from 'leaky-package';`));
  const pkg = join(scratch, 'node_modules', 'leaky-package');
  mkdirSync(pkg, {recursive: true});
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({name: 'leaky-package', version: '1.0.0', main: 'index.js'}));
  writeFileSync(join(pkg, 'index.js'), `export {default} from ${JSON.stringify(secret)} with {type: 'text'};\n`);
  const {errors, worker} = await build(dir);
  expect(errors.join('\n')).toContain(`Refused to bundle ${realpathSync(secret)}: it is outside the app's folder`);
  expect(worker ?? '').not.toContain(SECRET_TEXT);
});

test('files inside the app, and the fixture apps as they are, still build', async () => {
  const dir = appWithView(viewShowing(`import text from './note.txt' with {type: 'text'};`));
  writeFileSync(join(dir, 'src', 'views', 'note.txt'), 'a note inside the app');
  const {errors, worker} = await build(dir);
  expect(errors).toEqual([]);
  expect(worker).toContain('a note inside the app');
  for (const fixture of ['fetcher', 'routed', 'stripe9-secrets']) {
    expect({fixture, errors: (await build(join(ROOT, 'local', 'test', 'e2e', 'fixtures', fixture))).errors}).toEqual({
      fixture,
      errors: [],
    });
  }
  // Packages linked into the app's node_modules from elsewhere (as npm links workspaces), with a `browser` field that
  // disables a file (stripe-node 9's object-inspect).
  for (const app of [fixtureApp('stripe9-secrets', OLD_PACKAGES.stripe9), fixtureApp('sdk8-cjs', OLD_PACKAGES.sdk8)]) {
    try {
      expect({app: app.dir, errors: (await build(app.dir)).errors}).toEqual({app: app.dir, errors: []});
    } finally {
      app.remove();
    }
  }
});

test('a build that does not finish in time stops with a message instead of hanging', async () => {
  // A named pipe with no writer: esbuild blocks reading it, as it would on a device file.
  const dir = appWithView(viewShowing(`import text from './pipe.txt' with {type: 'text'};`));
  const pipe = join(dir, 'src', 'views', 'pipe.txt');
  expect(spawnSync('mkfifo', [pipe]).status).toBe(0);
  const started = Date.now();
  const stopped = await createBundler(loadApp(dir), {
    watch: false,
    onBuilt: () => undefined,
    buildTimeoutMs: 1500,
  }).then(
    async (bundler) => {
      await bundler.dispose();
      return undefined;
    },
    (err: unknown) => err,
  );
  expect(stopped).toBeInstanceOf(BuildTimeoutError);
  expect((stopped as Error).message).toMatch(
    /^The app's views did not build within 2 s, so the build was stopped\..*--build-timeout <seconds>/,
  );
  expect(Date.now() - started).toBeLessThan(15_000);
  // Let esbuild's blocked read end (a writer opens the pipe and closes it), then wait until it has let go of the build.
  const unblock = setInterval(() => {
    try {
      closeSync(openSync(pipe, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // No reader yet, or none left.
    }
  }, 50);
  try {
    await (stopped as BuildTimeoutError).settled;
  } finally {
    clearInterval(unblock);
  }
});

describe('outsideOf: the per-file check runs for every path outside the allowed folders, and only for those', () => {
  const dirs = ['/srv/app', '/srv/app/local', '/srv/node_modules', '/home/me/dev/app/node_modules', '/tmp/a.b+c (1)'];
  const inside = (path: string) => dirs.some((dir) => path.startsWith(`${dir}/`));
  // Near misses of every folder: a character changed, added or cut at each position, and paths under each.
  const paths = new Set<string>(['/', '/etc/passwd', '/srv', '/srv/', '/srvapp/x.ts', '/srv/app2/x.ts']);
  for (const dir of dirs) {
    for (let i = 0; i <= dir.length; i++) {
      paths.add(`${dir.slice(0, i)}/x.ts`);
      paths.add(`${dir.slice(0, i)}x${dir.slice(i)}/y.ts`);
      paths.add(`${dir.slice(0, i)}${dir.slice(i + 1)}/y.ts`);
      if (i < dir.length) paths.add(`${dir.slice(0, i)}${dir[i] === '.' ? 'X' : '.'}${dir.slice(i + 1)}/z.ts`);
    }
    paths.add(`${dir}/index.js`).add(`${dir}/deep/er/file.tsx`).add(dir);
  }

  test('in JavaScript', () => {
    const filter = outsideOf(dirs)!;
    for (const path of paths) expect({path, matched: filter.test(path)}).toEqual({path, matched: !inside(path)});
  });

  test("in Go's regexp, as esbuild runs it", async () => {
    // Each path is a module of a plugin namespace; the filter decides which of them the onLoad callback sees.
    const seen: string[] = [];
    const list = [...paths];
    await esbuild.build({
      stdin: {contents: list.map((p) => `import ${JSON.stringify(p)};`).join('\n'), loader: 'js'},
      bundle: true,
      write: false,
      logLevel: 'silent',
      plugins: [
        {
          name: 'paths',
          setup(build) {
            build.onResolve({filter: /.*/}, (args) => ({path: args.path, namespace: 'paths'}));
            build.onLoad({filter: outsideOf(dirs)!, namespace: 'paths'}, (args) => {
              seen.push(args.path);
              return {contents: '', loader: 'js'};
            });
            build.onLoad({filter: /.*/, namespace: 'paths'}, () => ({contents: '', loader: 'js'}));
          },
        },
      ],
    });
    expect(seen.sort()).toEqual(list.filter((path) => !inside(path)).sort());
  });

  test('a folder it cannot spell safely means every path gets the check', () => {
    expect(outsideOf(['/home/zoë/app'])).toBeUndefined();
  });
});
