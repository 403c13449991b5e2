import {spawnSync} from 'node:child_process';
import {resolve} from 'node:path';

/**
 * The backend takes from the app only through backend/src/app-seam.ts, and what it takes is pure: loading the whole
 * backend loads neither React nor the UI extension SDK (they belong to the views' sandbox). ESLint holds the seam (any
 * other backend file importing src/, or the backend importing the local Dashboard, is refused): ui-tests/layers.test.ts
 * proves it with the workspace's other layers, in its one ESLint process.
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
