import {readFileSync} from 'node:fs';
import {relative, sep} from 'node:path';
import {gzipSync} from 'node:zlib';
import * as esbuild from 'esbuild';

/**
 * One esbuild run, set up as the Stripe CLI sets up its own (../shared/docs/stripe-apps-platform.md and the `.build/ext.js`
 * files the CLI wrote in public apps): one IIFE assigned to the global `__StripeExtExports`, for the browser, with the
 * three modules the Dashboard supplies left external. esbuild turns an external import into a call of its
 * `__require` shim, which uses the `require` function the host defines globally (`require("react")`).
 */

export const GLOBAL_NAME = '__StripeExtExports';
export const EXTERNALS = ['react', 'react/jsx-runtime', '@remote-ui/react'] as const;
/**
 * The CLI's own builds lower `async` functions (esbuild's `__async` helper), object spread (`__spreadValues`) and
 * optional chaining, so its target is ES2016 or older; ES2015 is the assumption here (the two differ only in `**`).
 */
export const TARGET = 'es2015';

export interface BundleInput {
  /** Absolute path of the entry module (the generated manifest module). */
  entry: string;
  /** Absolute path of the bundle to write. */
  outfile: string;
  /** The project folder: esbuild's working directory (metafile paths are relative to it) and its tsconfig.json. */
  projectDir: string;
}

export interface BundleFigures {
  /** The bundle, relative to the project folder. */
  file: string;
  /** Minified size: the file's bytes on disk. */
  bytes: number;
  /** Its size gzipped (zlib level 9). */
  gzipBytes: number;
  /** Bytes of the bundle by origin: an npm package name, `src/`, the generated manifest module, or esbuild's runtime. */
  packages: Record<string, number>;
  /** Bytes from the app's own `src/`. */
  appBytes: number;
  /** Bytes of each `src/` file, largest first. */
  appFiles: Record<string, number>;
  /** Paths of every module bundled, relative to the project folder. */
  inputs: string[];
  /** esbuild's warnings, formatted. */
  warnings: string[];
}

export const APP = 'src/';
export const RUNTIME = '(esbuild runtime and IIFE wrapper)';
export const GENERATED = '(generated manifest module)';

export function esbuildOptions(input: BundleInput): esbuild.BuildOptions & {metafile: true} {
  return {
    absWorkingDir: input.projectDir,
    entryPoints: [input.entry],
    outfile: input.outfile,
    bundle: true,
    format: 'iife',
    globalName: GLOBAL_NAME,
    platform: 'browser',
    target: TARGET,
    minify: true,
    sourcemap: true,
    external: [...EXTERNALS],
    tsconfig: `${input.projectDir}/tsconfig.json`,
    metafile: true,
    logLevel: 'silent',
    write: true,
  };
}

/** Which package (or `src/`, or the generated module) a metafile input path belongs to. */
export function origin(path: string, generated: string[]): string {
  const posix = path.split(sep).join('/');
  const at = posix.lastIndexOf('node_modules/');
  if (at >= 0) {
    const parts = posix.slice(at + 'node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  if (generated.includes(posix)) return GENERATED;
  if (posix.startsWith(APP)) return APP;
  return posix;
}

export async function bundle(input: BundleInput, generated: string[] = []): Promise<BundleFigures> {
  const result = await esbuild.build(esbuildOptions(input));
  const file = relative(input.projectDir, input.outfile).split(sep).join('/');
  const output = result.metafile.outputs[file];
  if (!output) throw new Error(`esbuild wrote no ${file}`);
  const contents = readFileSync(input.outfile);
  const generatedRel = generated.map((path) => relative(input.projectDir, path).split(sep).join('/'));
  const packages: Record<string, number> = {};
  const appFiles: [string, number][] = [];
  let counted = 0;
  for (const [path, {bytesInOutput}] of Object.entries(output.inputs)) {
    const key = origin(path, generatedRel);
    packages[key] = (packages[key] ?? 0) + bytesInOutput;
    if (key === APP) appFiles.push([path, bytesInOutput]);
    counted += bytesInOutput;
  }
  packages[RUNTIME] = contents.length - counted;
  const warnings = await esbuild.formatMessages(result.warnings, {kind: 'warning'});
  return {
    file,
    bytes: contents.length,
    gzipBytes: gzipSync(contents, {level: 9}).length,
    packages,
    appBytes: packages[APP] ?? 0,
    appFiles: Object.fromEntries(appFiles.sort((a, b) => b[1] - a[1])),
    inputs: Object.keys(output.inputs),
    warnings,
  };
}
