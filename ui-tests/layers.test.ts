import {spawnSync} from 'node:child_process';
import {resolve} from 'node:path';

/**
 * The layers in eslint.config.mjs: the real ESLint, with the repository's own config, lints small probe files placed in
 * each zone. ESLint loads its flat config with a native `import()`, which Jest's CommonJS sandbox cannot run, so the
 * probes are linted by one Node child process through ESLint's Node API (`lintText` with a `filePath` in the zone).
 */

jest.setTimeout(120_000);

const root = resolve(__dirname, '..');

interface Probe {
  /**
   * The file the probe stands in for (its text on disk is not changed); imports resolve from there. It must exist:
   * import/no-cycle reads the file's neighbours from disk.
   */
  filePath: string;
  code: string;
}

interface Linted {
  filePath: string;
  messages: {ruleId: string | null; message: string}[];
}

const importing = (filePath: string, specifier: string): Probe => ({
  filePath,
  code: `import * as probe from '${specifier}';\n\nexport default probe;\n`,
});

const LINT = `
import {ESLint} from 'eslint';
const probes = JSON.parse(process.argv[1]);
const eslint = new ESLint({cwd: process.cwd()});
const out = [];
for (const {filePath, code} of probes) {
  const [result] = await eslint.lintText(code, {filePath});
  out.push({filePath, messages: result.messages.map(({ruleId, message}) => ({ruleId, message}))});
}
process.stdout.write(JSON.stringify(out));
`;

function lint(probes: Probe[]): Linted[] {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', LINT, JSON.stringify(probes)], {
    cwd: root,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`eslint failed to run: ${run.stderr}`);
  return JSON.parse(run.stdout) as Linted[];
}

const rules = (linted: Linted) => linted.messages.map((m) => m.ruleId);

// One file of each layer, standing in for any file there.
const SECRETS = 'src/secrets/names.ts';
const OAUTH = 'src/oauth/protocol.ts';
const COMPONENTS = 'src/components/format.ts';
const DATA = 'src/data/query.ts';
const PAGES = 'src/pages/drawer/useDrawerPage.ts';
const LOCAL = 'local/cli.ts';
const EMULATOR = 'local/emulator/store.ts';
const SEAM = 'local/seam/app.ts';
const TESTS = 'ui-tests/layers.test.ts';
const BACKEND = 'backend/src/app.ts';
const BACKEND_SEAM = 'backend/src/app-seam.ts';
const BACKEND_TESTS = 'backend/test/helpers.ts';
const REQUEST = 'src/backend/request.ts';
const SDK = 'src/sdk/host.ts';
const SDK_ENDPOINT = '@stripe/ui-extension-sdk/utils/_endpoint';
const SDK_API = '@stripe/ui-extension-sdk/utils/api/supportsFetchAppEmbeddedKey';
const SDK_UI = '@stripe/ui-extension-sdk/ui';

const RUNTIME = '@typescript-eslint/no-restricted-imports';

/** Each crossing, and the rule that refuses it: a zone in LAYERS, or React outside the layers that may hold state. */
const forbidden: [string, Probe, string][] = [
  ['src/secrets ↛ src/oauth', importing(SECRETS, '../oauth/protocol'), 'import/no-restricted-paths'],
  ['src/secrets ↛ src/components', importing(SECRETS, '../components/format'), 'import/no-restricted-paths'],
  ['src/oauth ↛ src/components', importing(OAUTH, '../components/format'), 'import/no-restricted-paths'],
  ['src/secrets ↛ src/data', importing(SECRETS, '../data/query'), 'import/no-restricted-paths'],
  ['src/oauth ↛ src/data', importing(OAUTH, '../data/query'), 'import/no-restricted-paths'],
  ['src/oauth ↛ src/pages', importing(OAUTH, '../pages/drawer/useDrawerPage'), 'import/no-restricted-paths'],
  ['src/data ↛ src/components', importing(DATA, '../components/format'), 'import/no-restricted-paths'],
  ['src/data ↛ src/pages', importing(DATA, '../pages/drawer/useDrawerPage'), 'import/no-restricted-paths'],
  ['src/components ↛ src/pages', importing(COMPONENTS, '../pages/drawer/useDrawerPage'), 'import/no-restricted-paths'],
  ['src/pages ↛ src/views', importing(PAGES, '../../views/AppDrawer'), 'import/no-restricted-paths'],
  ['src ↛ local', importing(OAUTH, '../../local/cli'), 'import/no-restricted-paths'],
  ['src/secrets holds no React state', importing(SECRETS, 'react'), 'no-restricted-imports'],
  ['src/oauth holds no React state', importing(OAUTH, 'react'), 'no-restricted-imports'],
  ['local ↛ ui-tests', importing(LOCAL, '../ui-tests/support/screen'), 'import/no-restricted-paths'],
  ['local ↛ src, outside the seam', importing(LOCAL, '../src/secrets/types'), 'import/no-restricted-paths'],
  [
    'local/emulator ↛ src, outside the seam',
    importing(EMULATOR, '../../src/secrets/types'),
    'import/no-restricted-paths',
  ],
  ['backend ↛ src, outside its seam', importing(BACKEND, '../../src/secrets/types'), 'import/no-restricted-paths'],
  [
    "backend's tests ↛ src, outside its seam",
    importing(BACKEND_TESTS, '../../src/oauth/protocol'),
    'import/no-restricted-paths',
  ],
  ['backend ↛ local', importing(BACKEND, '../../local/emulator'), 'import/no-restricted-paths'],
  // The SDK's runtime comes through src/sdk/ only; of the SDK, src/sdk/ itself takes only its version.
  ['src/pages ↛ the SDK’s components', importing(PAGES, SDK_UI), RUNTIME],
  ['src/components ↛ remote-ui', importing(COMPONENTS, '@remote-ui/react'), RUNTIME],
  ['src/config.ts ↛ the SDK’s api', importing('src/config.ts', SDK_API), RUNTIME],
  ['src/backend ↛ the SDK’s internals', importing(REQUEST, SDK_ENDPOINT), RUNTIME],
  ['src/secrets ↛ the SDK’s public modules', importing(SECRETS, '@stripe/ui-extension-sdk/api_fetch'), RUNTIME],
  ['src/sdk ↛ the SDK’s components', importing(SDK, SDK_UI), RUNTIME],
  ['src/sdk ↛ the SDK’s internals', importing(SDK, SDK_ENDPOINT), RUNTIME],
  ['src/sdk ↛ src/secrets', importing(SDK, '../secrets/types'), 'import/no-restricted-paths'],
];

const allowed: [string, Probe][] = [
  ['src/oauth → src/secrets', importing(OAUTH, '../secrets/types')],
  ['src/data → src/secrets', importing(DATA, '../secrets/types')],
  ['src/data → react', importing(DATA, 'react')],
  ['src/components → src/oauth', importing(COMPONENTS, '../oauth/protocol')],
  ['src/pages → src/data', importing(PAGES, '../../data/query')],
  ['src/pages → src/oauth', importing(PAGES, '../../oauth/connection')],
  ['src/pages → src/components', importing(PAGES, '../../components/format')],
  ['local/seam → src', importing(SEAM, '../../src/secrets/types')],
  ['local/emulator → local/seam', importing(EMULATOR, '../seam/app')],
  ['ui-tests → local', importing(TESTS, '../local/cli')],
  ["backend's seam → src", importing(BACKEND_SEAM, '../../src/secrets/types')],
  ["backend's tests → local", importing(BACKEND_TESTS, '../../local/emulator')],
  ['src/pages → src/sdk', importing(PAGES, '../../sdk/components')],
  ['src/backend → src/sdk', importing(REQUEST, '../sdk/signature')],
  ['src/sdk → the SDK’s version', importing(SDK, '@stripe/ui-extension-sdk/version')],
  ['src/sdk → remote-ui', importing('src/sdk/components.tsx', '@remote-ui/react')],
  [
    'src/pages → the SDK’s types',
    {
      filePath: PAGES,
      code: "import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';\n\nexport type Probe = ExtensionContextValue;\n",
    },
  ],
  [
    'src/sdk → the SDK’s internal types',
    {
      filePath: SDK,
      code: "import type {PlatformRPCs} from '@stripe/ui-extension-sdk/utils/platformRpcs';\n\nexport type Probe = PlatformRPCs;\n",
    },
  ],
];

// names.ts is re-exported by src/secrets/index.ts, so importing the index from it closes a loop.
const cycle: Probe = {
  filePath: SECRETS,
  code: "import {scopeFor} from './index';\n\nexport const loop = scopeFor;\n",
};

let results: Linted[];
beforeAll(() => {
  // The cycle probe goes first: eslint-plugin-import keeps what it parsed of each module for the life of the process,
  // so what the other probes made it read must not decide whether the loop is seen. It reads only the files on disk,
  // never a probe's text, so what it parsed leaves the other probes' answers as they are.
  const [cycleResult, ...others] = lint([cycle, ...forbidden.map(([, p]) => p), ...allowed.map(([, p]) => p)]);
  results = [...others, cycleResult];
});

describe('import layers', () => {
  test.each(forbidden.map(([name, , rule], i) => [name, rule, i] as const))('%s fails lint (%s)', (_name, rule, i) => {
    expect(rules(results[i])).toContain(rule);
  });

  test.each(allowed.map(([name], i) => [name, forbidden.length + i] as const))('%s passes lint', (_name, i) => {
    expect(results[i].messages).toEqual([]);
  });

  test('an import cycle fails lint', () => {
    expect(rules(results[results.length - 1])).toContain('import/no-cycle');
  });
});
