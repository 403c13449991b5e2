import {resolve} from 'node:path';
import {KEYRING} from '../manifest/keyring';
import {buildApp, BuildError, formatReport} from './index';
import '../exit-cleanly';

/**
 * `npm run build [-- --manifest <file>] [--dir <project>]`: writes `.build/ext.js` as `stripe apps upload` would,
 * prints the bundle report, and exits 1 naming each problem when the manifest check, esbuild or the budget fails.
 * `--keyring` (which `npm run build` passes) adds Keyring's own manifest rules to Stripe's.
 */
const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

async function main(): Promise<void> {
  const projectDir = resolve(option('--dir') ?? process.cwd());
  try {
    const app = args.includes('--keyring') ? KEYRING : undefined;
    const {report, files, warnings} = await buildApp({projectDir, manifestFile: option('--manifest'), app});
    for (const warning of warnings) console.warn(warning);
    console.log(`built ${files.bundle} (+ .map) from ${files.manifestModule}`);
    for (const line of formatReport(report)) console.log(line);
  } catch (error) {
    if (!(error instanceof BuildError)) throw error;
    if (error.report) for (const line of formatReport(error.report)) console.error(line);
    console.error(`build failed: ${error.message}`);
    process.exitCode = 1;
  }
}

void main();
