import {spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import '../exit-cleanly';
import {CHROMIUM} from '../testing/chromium';

/**
 * `e2e-runner.ts --config <jest config> [--update-screenshots] [jest args]`: browser tests with Jest, when Debian's
 * Chromium is at /usr/bin/chromium. Without it they are skipped, plainly, and the run still succeeds. The app
 * (`npm run e2e`) and the local Stripe (`npm run e2e -w local`) each pass their own config. They save screenshots of
 * what they check into local/test/e2e/artifacts (`npm test` takes none: 0.15 s of Chromium's CPU each);
 * `--update-screenshots` writes the README's screenshots into docs/screenshots instead.
 */
const ROOT = resolve(__dirname, '..', '..');

function main(): number {
  if (!existsSync(CHROMIUM)) {
    console.log(`e2e: skipped — the browser tests need Debian's Chromium at ${CHROMIUM}, which is not installed.`);
    console.log(
      'e2e: install it with `apt-get install -y chromium` (never `npx playwright install`), then run `npm run e2e`.',
    );
    return 0;
  }
  const args = process.argv.slice(2);
  const update = args.includes('--update-screenshots');
  const at = args.indexOf('--config');
  if (at < 0 || !args[at + 1]) {
    console.error('e2e: usage: e2e-runner.ts --config <jest config> [--update-screenshots] [jest args]');
    return 2;
  }
  const config = resolve(args[at + 1]);
  const jestArgs = args.filter((a, i) => a !== '--update-screenshots' && i !== at && i !== at + 1);
  const screenshots = update ? join(ROOT, 'docs', 'screenshots') : join(ROOT, 'local', 'test', 'e2e', 'artifacts');
  const env = {...process.env, E2E_SCREENSHOTS_DIR: screenshots};
  const jest = require.resolve('jest/bin/jest');
  const run = spawnSync(process.execPath, [jest, '--config', config, ...jestArgs], {
    cwd: dirname(config),
    stdio: 'inherit',
    env,
  });
  return run.status ?? 1;
}

// An exit code, not process.exit(): the process then stops its esbuild service before it ends (exit-cleanly.ts).
process.exitCode = main();
