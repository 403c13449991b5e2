import {spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {join, resolve} from 'node:path';
import {exitOnError, exitWith, readArgs, usageError} from '../cli';

/**
 * `npm run examples:measure -- --dir <dir> [--readme]`: the browser test local/test/e2e/examples.test.ts on the
 * examples `npm run examples:prepare` installed in <dir>; `--readme` rewrites local/README.md's compatibility table
 * from it.
 */
const USAGE = `Usage: npm run examples:measure -- --dir <dir> [--readme]
  --dir <dir>  the folder examples:prepare wrote (with examples.json)
  --readme     write the measured table into local/README.md`;

const ROOT = resolve(__dirname, '..', '..');

function main(): number {
  const values = readArgs(
    {dir: {type: 'string'}, readme: {type: 'boolean'}, help: {type: 'boolean', short: 'h'}},
    USAGE,
  );
  if (!values) return 0;
  if (!values.dir) usageError('--dir <dir> is required.', USAGE);
  const dir = resolve(values.dir);
  if (!existsSync(join(dir, 'examples.json')))
    usageError(`${dir} has no examples.json: run npm run examples:prepare first.`, USAGE);
  if (!existsSync('/usr/bin/chromium'))
    usageError('The measurement needs Debian Chromium at /usr/bin/chromium.', USAGE);
  const jest = require.resolve('jest/bin/jest');
  const run = spawnSync(
    process.execPath,
    [
      jest,
      '--config',
      join(ROOT, 'local', 'jest.e2e.config.mjs'),
      join(ROOT, 'local', 'test', 'e2e', 'examples.test.ts'),
    ],
    {
      cwd: ROOT,
      stdio: 'inherit',
      env: {...process.env, EXAMPLES_DIR: dir, EXAMPLES_README: values.readme ? '1' : '0'},
    },
  );
  return run.status ?? 1;
}

// Through exitWith, as every command ends: a usage error prints the usage, and esbuild's service process is stopped.
new Promise<number>((done) => done(main())).then(exitWith, exitOnError('examples:measure'));
