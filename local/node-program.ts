import {createHash} from 'node:crypto';
import {mkdirSync, readFileSync, renameSync, writeFileSync} from 'node:fs';
import {basename, join, relative, resolve} from 'node:path';
import * as esbuild from 'esbuild';

/**
 * The Node arguments that run one of our TypeScript programs (e.g. the OAuth provider's cli.ts) in a child process.
 * `node --import tsx <file>` compiles every module on each start and loads tsx's hooks: about a second of CPU per
 * process, paid by every test and every `npm start` that spawns one. So the program is bundled once with esbuild into
 * node_modules/.cache/keyring/ and started as plain JavaScript. The bundle is used only while every file it was built
 * from (recorded from esbuild's metafile, packages included) still has the content it had: any edit rebuilds it, so a
 * stale program never runs. If bundling fails, the program runs through tsx as before.
 */

const ROOT = resolve(__dirname, '..');
export const PROGRAM_CACHE = join(ROOT, 'node_modules', '.cache', 'keyring');
// ES modules such as oidc-provider load natively; CommonJS packages in the bundle get a `require` of their own.
const BANNER =
  "import {createRequire as __keyringRequire} from 'node:module'; const require = __keyringRequire(import.meta.url);";

interface Built {
  /** The key of what it was built from: esbuild's version and each input's path and content. */
  key: string;
  inputs: string[];
}

const pending = new Map<string, Promise<string[]>>();

function keyOf(inputs: string[]): string | undefined {
  const hash = createHash('sha256').update(esbuild.version).update(process.version);
  try {
    for (const input of inputs)
      hash
        .update(input)
        .update('\0')
        .update(readFileSync(join(ROOT, input)))
        .update('\0');
  } catch {
    return undefined; // an input is gone: rebuild
  }
  return hash.digest('hex');
}

async function build(entry: string): Promise<string[]> {
  const name = basename(relative(ROOT, entry).replace(/[\\/]/g, '-'), '.ts');
  const outfile = join(PROGRAM_CACHE, `${name}.mjs`);
  const record = join(PROGRAM_CACHE, `${name}.json`);
  try {
    const built = JSON.parse(readFileSync(record, 'utf8')) as Built;
    if (keyOf(built.inputs) === built.key) return [outfile];
  } catch {
    // no bundle yet, or an unreadable record: build it
  }
  mkdirSync(PROGRAM_CACHE, {recursive: true});
  // Written under this process's own names, then renamed: two test workers building at once never read half a file.
  const temporary = `${outfile}.${process.pid}.tmp`;
  const result = await esbuild.build({
    entryPoints: [entry],
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: temporary,
    banner: {js: BANNER},
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs).sort();
  const key = keyOf(inputs);
  renameSync(temporary, outfile);
  if (key) {
    writeFileSync(`${record}.${process.pid}.tmp`, JSON.stringify({key, inputs} satisfies Built));
    renameSync(`${record}.${process.pid}.tmp`, record);
  }
  return [outfile];
}

/**
 * `node <these args>` runs `entry` (an absolute path to a .ts program): its bundle, checked against its inputs on every
 * call, or tsx when bundling fails. Calls at the same time share one check and build.
 */
export function nodeProgram(entry: string): Promise<string[]> {
  let args = pending.get(entry);
  if (!args) {
    args = build(entry)
      .catch(() => ['--import', 'tsx', entry])
      .finally(() => pending.delete(entry));
    pending.set(entry, args);
  }
  return args;
}
