import {rmSync} from 'node:fs';
import {join, resolve} from 'node:path';
import {performance} from 'node:perf_hooks';
import {buildApp, BuildError, formatReport, type BundleReport} from '../../local/build';
import {kib} from '../../local/build/budget';
import {KEYRING} from '../../local/manifest/keyring';

/**
 * The bundle `stripe apps upload` would send: its size, gzip size and make-up beside the two floors (one empty view,
 * and one holding stripe-node) and beside the bundle before issue 11, the budget's verdict, and how long the build
 * takes — cold (first run in this process, esbuild's service starting) and warm (median of the next runs). Builds go to
 * their own folder so that `.build/` is left as `npm run build` wrote it.
 */

const ROOT = resolve(__dirname, '../..');
const WARM_RUNS = 5;

/**
 * `.build/ext.js` with stripe-node as the app's client, measured on commit c29cffd (esbuild 0.28.0, ES2015, gzip 9).
 */
const BEFORE = {commit: 'c29cffd', bytes: 271.4 * 1024, gzipBytes: 43.8 * 1024, appBytes: 23.9 * 1024};

async function timedBuild(outDir: string): Promise<{ms: number; report: BundleReport; problems: string[]}> {
  const started = performance.now();
  try {
    const {report} = await buildApp({projectDir: ROOT, outDir, app: KEYRING});
    return {ms: performance.now() - started, report, problems: []};
  } catch (error) {
    if (error instanceof BuildError && error.report) {
      return {ms: performance.now() - started, report: error.report, problems: error.problems};
    }
    throw error;
  }
}

export async function benchBundle(print: (line: string) => void): Promise<boolean> {
  const outDir = join(ROOT, '.build', `bench-${process.pid}`);
  try {
    const cold = await timedBuild(outDir);
    const warm: number[] = [];
    for (let i = 0; i < WARM_RUNS; i++) warm.push((await timedBuild(outDir)).ms);
    warm.sort((a, b) => a - b);
    print('bundle (.build/ext.js as stripe apps upload would build it)');
    for (const line of formatReport(cold.report)) print(`  ${line}`);
    for (const problem of cold.problems) print(`  over budget: ${problem}`);
    const {bundle} = cold.report;
    const ratio = (now: number, before: number) =>
      `${kib(now)} vs ${kib(before)} before (${(now / before).toFixed(2)}×)`;
    print(`  now vs stripe-node as the client (${BEFORE.commit}):`);
    print(`    minified ${ratio(bundle.bytes, BEFORE.bytes)}`);
    print(`    gzip     ${ratio(bundle.gzipBytes, BEFORE.gzipBytes)}`);
    print(`    src/     ${ratio(bundle.appBytes, BEFORE.appBytes)}`);
    print(
      `  build time (manifest check + app and floor bundles + report): cold ${Math.round(cold.ms)} ms, ` +
        `warm median ${Math.round(warm[Math.floor(warm.length / 2)])} ms (${WARM_RUNS} runs)`,
    );
    return cold.problems.length === 0;
  } finally {
    rmSync(outDir, {recursive: true, force: true});
  }
}
