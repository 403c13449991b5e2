import {spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {join, resolve} from 'node:path';
import '../exit-cleanly';

/**
 * `npm run e2e [-- --update-screenshots] [jest args]`: the browser tests in ui-tests/e2e, with Jest and the e2e config,
 * when Debian's Chromium is at /usr/bin/chromium. Without it they are skipped, plainly, and the run still succeeds.
 * `--update-screenshots` writes the README's screenshots into docs/screenshots instead of ui-tests/e2e/artifacts.
 */
export const CHROMIUM = '/usr/bin/chromium';
const ROOT = resolve(__dirname, '..', '..');

function main(): number {
  if (!existsSync(CHROMIUM)) {
    console.log(`e2e: skipped — the browser tests need Debian's Chromium at ${CHROMIUM}, which is not installed.`);
    console.log('e2e: install it with `apt-get install -y chromium` (never `npx playwright install`), then run `npm run e2e`.');
    return 0;
  }
  const args = process.argv.slice(2);
  const update = args.includes('--update-screenshots');
  const jestArgs = args.filter((a) => a !== '--update-screenshots');
  const env = {...process.env, ...(update ? {E2E_SCREENSHOTS_DIR: join(ROOT, 'docs', 'screenshots')} : {})};
  const jest = require.resolve('jest/bin/jest');
  const run = spawnSync(process.execPath, [jest, '--config', join(ROOT, 'jest.e2e.config.mjs'), ...jestArgs], {cwd: ROOT, stdio: 'inherit', env});
  return run.status ?? 1;
}

// An exit code, not process.exit(): the process then stops its esbuild service before it ends (exit-cleanly.ts).
process.exitCode = main();
