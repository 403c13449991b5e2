import {resolve} from 'node:path';
import {checkManifest, loadManifest} from './check';
import {KEYRING} from './keyring';
import '../exit-cleanly';

/**
 * `npm run check:manifest [-- --manifest <file>] [--dir <project>]`: exits 1 and names each problem. `--keyring` (which
 * `npm run check:manifest` passes) adds Keyring's own rules to Stripe's.
 */
const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const projectDir = resolve(option('--dir') ?? process.cwd());
const file = resolve(projectDir, option('--manifest') ?? 'stripe-app.json');
const production = !option('--manifest') || file.endsWith('/stripe-app.json');
const app = args.includes('--keyring') ? KEYRING : undefined;
const problems = checkManifest(loadManifest(file), {projectDir, production, app});
if (problems.length) {
  console.error(`${file}: ${problems.length} problem(s)`);
  for (const problem of problems) console.error(`  - ${problem}`);
  process.exitCode = 1;
} else {
  console.log(`${file}: ready for stripe apps upload${production ? '' : ' (local override)'}`);
}
