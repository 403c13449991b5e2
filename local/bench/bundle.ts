import {rmSync} from 'node:fs';
import {join, resolve} from 'node:path';
import {performance} from 'node:perf_hooks';
import {buildApp, BuildError, formatReport, type BundleReport} from '../build';

/**
 * The bundle `stripe apps upload` would send: its size, gzip size and make-up beside the floor (one empty view with
 * the same stripe-node client), the budget's verdict, and how long the build takes — cold (first run in this
 * process, esbuild's service starting) and warm (median of the next runs). Builds go to their own folder so that
 * `.build/` is left as `npm run build` wrote it.
 */

const ROOT = resolve(__dirname, '../..');
const WARM_RUNS = 5;

async function timedBuild(outDir: string): Promise<{ms: number; report: BundleReport; problems: string[]}> {
  const started = performance.now();
  try {
    const {report} = await buildApp({projectDir: ROOT, outDir});
    return {ms: performance.now() - started, report, problems: []};
  } catch (error) {
    if (error instanceof BuildError && error.report) {
      return {ms: performance.now() - started, report: error.report, problems: error.problems};
    }
    throw error;
  }
}

export async function benchBundle(print: (line: string) => void): Promise<void> {
  const outDir = join(ROOT, '.build', `bench-${process.pid}`);
  try {
    const cold = await timedBuild(outDir);
    const warm: number[] = [];
    for (let i = 0; i < WARM_RUNS; i++) warm.push((await timedBuild(outDir)).ms);
    warm.sort((a, b) => a - b);
    print('bundle (.build/ext.js as stripe apps upload would build it)');
    for (const line of formatReport(cold.report)) print(`  ${line}`);
    for (const problem of cold.problems) print(`  over budget: ${problem}`);
    print(
      `  build time (manifest check + app and floor bundles + report): cold ${Math.round(cold.ms)} ms, ` +
        `warm median ${Math.round(warm[Math.floor(warm.length / 2)])} ms (${WARM_RUNS} runs)`,
    );
  } finally {
    rmSync(outDir, {recursive: true, force: true});
  }
}
