import {spawnSync} from 'node:child_process';
import {resolve} from 'node:path';

/**
 * The backend takes from the app only through backend/src/app-seam.ts, and what it takes is pure: loading the whole
 * backend loads neither React nor the UI extension SDK (they belong to the views' sandbox). And ESLint holds the seam:
 * any other backend file importing src/ is refused.
 */
const root = resolve(__dirname, '../..');

it('loading the backend loads no React and no UI extension SDK', () => {
  const script = `require('./backend/src/app'); require('./backend/src/server');
    const loaded = Object.keys(require.cache).filter((f) => /node_modules\\/(react|react-dom|@stripe\\/ui-extension-sdk)\\//.test(f));
    process.stdout.write(JSON.stringify(loaded));`;
  const run = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], {
    cwd: root,
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(run.stderr).toBe('');
  expect(JSON.parse(run.stdout)).toEqual([]);
});

it('ESLint refuses src/ imports outside the seam, and the backend importing the local Dashboard', () => {
  const LINT = `
    import {ESLint} from 'eslint';
    const eslint = new ESLint({cwd: process.cwd()});
    const out = [];
    for (const [filePath, specifier] of JSON.parse(process.argv[1])) {
      const [result] = await eslint.lintText("import * as probe from '" + specifier + "';\\n\\nexport default probe;\\n", {filePath});
      out.push(result.messages.map((m) => m.ruleId).filter((r) => r === 'import/no-restricted-paths').length);
    }
    process.stdout.write(JSON.stringify(out));`;
  const probes = [
    ['backend/src/app.ts', '../../src/secrets/types'],
    ['backend/test/helpers.ts', '../../src/oauth/protocol'],
    ['backend/src/app.ts', '../../local/emulator'],
    ['backend/src/app-seam.ts', '../../src/secrets/types'],
    ['backend/test/helpers.ts', '../../local/emulator'],
  ];
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', LINT, JSON.stringify(probes)], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(JSON.parse(run.stdout)).toEqual([1, 1, 1, 0, 0]);
});
