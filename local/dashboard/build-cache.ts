import {createHash} from 'node:crypto';
import {existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {dirname, isAbsolute, join, resolve} from 'node:path';
import * as esbuild from 'esbuild';

/**
 * The builds that do not depend on the previewed app — the Dashboard page and the React and remote-ui runtime every
 * views worker shares — are kept on disk between starts (`node_modules/.cache/local-dashboard/`, which `npm ci`
 * empties and git ignores), so `npm start` builds only the app's own code. An entry is used only when everything its
 * output was made from is as it was:
 *
 * - the key: esbuild's version, the build options (plugins aside) and the files that define the plugins;
 * - the content of every input file the build read (from its metafile);
 * - what could make the same imports resolve elsewhere: the names in each input's folder (a new `x.tsx` beside an
 *   `x.ts`), and in every folder above it its package.json, tsconfig.json (and what it extends) and `node_modules`
 *   listing (a package installed nearer), plus npm's record of the installed tree (node_modules/.package-lock.json).
 *
 * Anything else — a missing, unreadable or differing entry — is a miss and the build runs. The app's own bundle is
 * never cached: it is built on every start.
 */

interface Fact {
  /** `file:<path>`, `dir:<path>` or `config:<path>`. */
  what: string;
  /** A content hash; `-` for a file that did not exist. */
  hash: string;
}

interface Entry {
  key: string;
  facts: Fact[];
  /** The build's output files' text, by name (`page.js`, `page.js.map`, …). */
  outputs: Record<string, string>;
}

const FORMAT = 1;

const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('base64url');

function hashFile(path: string): string {
  try {
    return sha(readFileSync(path));
  } catch {
    return '-';
  }
}

function hashListing(dir: string): string {
  try {
    return sha(readdirSync(dir).sort().join('\n'));
  } catch {
    return '-';
  }
}

/** The tsconfig.json it extends, when it names one esbuild would read (a relative path or a package's file). */
function extendedConfig(file: string): string | undefined {
  try {
    // tsconfig.json may hold comments; one whose `extends` cannot be read this way is covered by its own hash.
    const text = readFileSync(file, 'utf8').replace(/^\s*\/\/.*$/gm, '');
    const base = (JSON.parse(text) as {extends?: unknown}).extends;
    if (typeof base !== 'string') return undefined;
    if (base.startsWith('.') || isAbsolute(base)) {
      const path = resolve(dirname(file), base);
      return path.endsWith('.json') ? path : `${path}.json`;
    }
    return createRequire(file).resolve(base);
  } catch {
    return undefined;
  }
}

/** What the build's output depends on besides the key (see the module comment), for `inputs` (absolute paths). */
function gatherFacts(inputs: string[]): Fact[] {
  const facts = new Map<string, string>();
  const configs = new Set<string>();
  const above = new Set<string>();
  for (const input of inputs) {
    facts.set(`file:${input}`, hashFile(input));
    facts.set(`dir:${dirname(input)}`, hashListing(dirname(input)));
    for (let dir = dirname(input); !above.has(dir); dir = dirname(dir)) {
      above.add(dir);
      for (const name of ['package.json', 'tsconfig.json', 'jsconfig.json']) configs.add(join(dir, name));
      const modules = hashListing(join(dir, 'node_modules'));
      facts.set(`dir:${join(dir, 'node_modules')}`, modules);
      const lock = join(dir, 'node_modules', '.package-lock.json');
      if (modules !== '-') facts.set(`config:${lock}`, hashFile(lock));
      if (dirname(dir) === dir) break;
    }
  }
  for (const config of configs) {
    for (let file: string | undefined = config, depth = 0; file && depth < 5; depth++) {
      facts.set(`config:${file}`, hashFile(file));
      file = existsSync(file) ? extendedConfig(file) : undefined;
    }
  }
  return [...facts].map(([what, hash]) => ({what, hash}));
}

function currentHash(fact: Fact): string {
  const path = fact.what.slice(fact.what.indexOf(':') + 1);
  return fact.what.startsWith('dir:') ? hashListing(path) : hashFile(path);
}

export interface BuildCache {
  /** The cached outputs when the entry is still good, else undefined. */
  read(): Record<string, string> | undefined;
  /** Keeps a successful build's outputs (its metafile names the inputs); a failure to write is only a missed cache. */
  write(result: esbuild.BuildResult): void;
  /** Every folder holding one of the last good build's own inputs (not in node_modules): what a watcher watches. */
  sourceDirs(): string[];
}

/**
 * The cache entry `name` in `dir`, for a build with `options` (which must set `metafile: true` and `write: false`)
 * whose plugins are defined in `pluginFiles`.
 */
export function buildCache(
  dir: string,
  name: string,
  options: esbuild.BuildOptions,
  pluginFiles: string[],
): BuildCache {
  const {plugins: _plugins, ...described} = options;
  const key = sha(
    JSON.stringify({
      format: FORMAT,
      esbuild: esbuild.version,
      options: described,
      plugins: pluginFiles.map((file) => [file, hashFile(file)]),
    }),
  );
  const file = join(dir, `${name}.json`);
  const workingDir = options.absWorkingDir ?? process.cwd();
  let inputs: string[] = [];

  return {
    read() {
      let entry: Entry;
      try {
        entry = JSON.parse(readFileSync(file, 'utf8')) as Entry;
      } catch {
        return undefined;
      }
      if (entry.key !== key || !Array.isArray(entry.facts)) return undefined;
      for (const fact of entry.facts) if (currentHash(fact) !== fact.hash) return undefined;
      inputs = entry.facts.filter((f) => f.what.startsWith('file:')).map((f) => f.what.slice(5));
      return entry.outputs;
    },
    write(result) {
      if (result.errors.length || !result.metafile || !result.outputFiles) return;
      inputs = Object.keys(result.metafile.inputs)
        // Another namespace (`ns:path`) or the stdin entry is not a file; the stdin entry's text is in the key.
        .filter((input) => !input.includes(':') && input !== '<stdin>')
        .map((input) => resolve(workingDir, input));
      const entry: Entry = {
        key,
        facts: gatherFacts(inputs),
        outputs: Object.fromEntries(result.outputFiles.map((f) => [f.path.slice(f.path.lastIndexOf('/') + 1), f.text])),
      };
      const temporary = `${file}.${process.pid}.tmp`;
      try {
        mkdirSync(dir, {recursive: true});
        writeFileSync(temporary, JSON.stringify(entry));
        // Atomic: a Dashboard starting at the same moment reads the old entry or the new one, never half of one.
        renameSync(temporary, file);
      } catch {
        rmSync(temporary, {force: true});
      }
    },
    sourceDirs() {
      return [...new Set(inputs.filter((input) => !input.includes('/node_modules/')).map((input) => dirname(input)))];
    },
  };
}
