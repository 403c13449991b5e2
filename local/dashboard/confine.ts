import {existsSync, readFileSync, realpathSync} from 'node:fs';
import {dirname, isAbsolute, join, relative, resolve, sep} from 'node:path';
import type * as esbuild from 'esbuild';

/**
 * `--app` previews projects the developer may not have written, and esbuild reads whatever a view imports: a view
 * displayed `~/.ssh/id_rsa` through `import key from '/home/me/.ssh/id_rsa' with {type: 'text'}` (or a symlinked view
 * file). This plugin lets the worker build read only
 *
 * - the app's folder (symlinks resolved first, so a link inside that points outside is outside);
 * - packages: a bare import (`react`, `@stripe/ui-extension-sdk/ui`) may resolve into the `node_modules` of the app's
 *   folder or of any folder above it (npm workspaces hoist them), or the Dashboard's own (its fallback), and a file of
 *   such a folder may import within it. A relative or absolute file import from the app may not reach those folders;
 * - the Dashboard's own runtime, for the generated entry and the runtime's own imports.
 *
 * Anything else fails the build with an error naming the import and where it resolved.
 */

function real(path: string, cache?: Map<string, string>): string {
  let known = cache?.get(path);
  if (known === undefined) {
    try {
      known = realpathSync(path);
    } catch {
      known = path;
    }
    cache?.set(path, known);
  }
  return known;
}

const within = (dir: string, file: string) => file === dir || file.startsWith(dir.endsWith(sep) ? dir : dir + sep);

/** `react`, `@scope/pkg/sub`: a package, not a file path. */
const isBare = (path: string) => !path.startsWith('.') && !isAbsolute(path) && !/^[A-Za-z]:[\\/]/.test(path);

/** The `node_modules` folders a package import may resolve into: the app's, every ancestor's, the Dashboard's. */
function packageRoots(appDir: string, hostRoot: string): string[] {
  const roots = new Set<string>();
  for (let dir = appDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules');
    if (existsSync(candidate)) roots.add(real(candidate));
    if (dirname(dir) === dir) break;
  }
  roots.add(real(join(hostRoot, 'node_modules')));
  return [...roots];
}

/**
 * A filter matching exactly the paths under none of `dirs`, so that esbuild calls the per-file check only for those
 * and reads every other file without a round trip to this process. esbuild runs filters with Go's regexp, which has no
 * lookahead: the folders are spelled as a trie of their paths (each with its trailing `/`), and a path matches when it
 * ends or leaves every branch before one of the folders is complete. Every character but a letter, a digit and `_` is
 * written as `\xHH`, the same in JavaScript and in Go; undefined (look at every path) for a folder with a character
 * outside printable ASCII.
 */
export function outsideOf(dirs: string[]): RegExp | undefined {
  interface Node {
    next: Map<string, Node>;
    end: boolean;
  }
  const root: Node = {next: new Map(), end: false};
  for (const dir of dirs) {
    const prefix = dir.endsWith(sep) ? dir : dir + sep;
    if (!/^[\x20-\x7e]+$/.test(prefix)) return undefined;
    let node = root;
    for (const c of prefix) {
      let child = node.next.get(c);
      if (!child) {
        child = {next: new Map(), end: false};
        node.next.set(c, child);
      }
      node = child;
    }
    node.end = true;
  }
  if (root.next.size === 0) return undefined;
  const char = (c: string) => (/\w/.test(c) ? c : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  // At a node that is not the end of a folder: the path ends here, goes on with a character no folder has next, or
  // goes on along a branch (one that ends a folder is inside: no match below it).
  const spell = (node: Node): string =>
    [
      '$',
      `[^${[...node.next.keys()].map(char).join('')}]`,
      ...[...node.next].filter(([, child]) => !child.end).map(([c, child]) => `${char(c)}(?:${spell(child)})`),
    ].join('|');
  return new RegExp(`^(?:${spell(root)})`);
}

export function confinePlugin(options: {
  appDir: string;
  hostRoot: string;
  hostCode: string;
  entry: string;
}): esbuild.Plugin {
  const app = real(options.appDir);
  // esbuild names the generated entry (stdin) after its resolveDir and sourcefile; no file by that name is read.
  const isEntry = (importer: string) =>
    importer === '' || importer === '<stdin>' || importer === join(options.appDir, options.entry);
  const hostCode = real(options.hostCode);
  const roots = packageRoots(app, options.hostRoot);
  // Real paths for the length of one build: a link changed between two rebuilds is read afresh.
  const realPaths = new Map<string, string>();
  const realNow = (path: string) => real(path, realPaths);
  const rootOf = (file: string) => roots.find((root) => within(root, file));
  const outside = outsideOf([app, hostCode, ...roots]);
  const inside = (file: string) => within(app, file) || within(hostCode, file) || rootOf(file) !== undefined;
  const outsideMessage = (file: string) =>
    `Refused to bundle ${file}: it is outside the app's folder ${app} and every package folder. ` +
    `The local Dashboard bundles only the app's own files and the packages it imports.`;

  function allowed(path: string, importer: string, file: string): boolean {
    const from = isEntry(importer) ? '' : realNow(importer);
    const fromEntryOrHost = from === '' || within(hostCode, from);
    if (within(app, file)) return true;
    if (fromEntryOrHost && within(hostCode, file)) return true;
    if (isBare(path) && rootOf(file)) return true;
    // A package's own files import each other by relative paths: within the same node_modules folder.
    const importerRoot = from ? rootOf(from) : undefined;
    return importerRoot !== undefined && within(importerRoot, file);
  }

  /**
   * A package's files and the Dashboard's runtime import as they were published: what they load is held to the allowed
   * folders by the per-file check. The app's own files and the generated entry have every import checked.
   */
  function trustedImporter(importer: string): boolean {
    if (isEntry(importer)) return false;
    const from = realNow(importer);
    return !within(app, from) && (within(hostCode, from) || rootOf(from) !== undefined);
  }

  function refusedImport(path: string, importer: string, file: string): string {
    const shownImporter = isEntry(importer) ? 'the generated views entry' : relative(app, realNow(importer));
    return (
      `Refused to bundle "${path}" (imported by ${shownImporter}): it resolves to ${file}, outside the app's folder ` +
      `${app}. The local Dashboard bundles only the app's own files and the packages it imports.`
    );
  }

  return {
    name: 'local-dashboard-confine',
    setup(build) {
      // esbuild names files in messages and the metafile relative to its working directory.
      const workingDir = build.initialOptions.absWorkingDir ?? process.cwd();
      const entrySource = build.initialOptions.stdin?.contents;
      /** Where `path`, as written, is imported in `importer` (for the message's excerpt), when it can be found. */
      const importLocation = (input: string, importer: string, path: string): esbuild.PartialMessage['location'] => {
        let source: string;
        try {
          source = isEntry(importer) && typeof entrySource === 'string' ? entrySource : readFileSync(importer, 'utf8');
        } catch {
          return null;
        }
        const lines = source.split('\n');
        for (let i = 0; i < lines.length; i++) {
          for (const quote of ["'", '"', '`']) {
            const column = lines[i].indexOf(`${quote}${path}${quote}`);
            if (column >= 0) return {file: input, line: i + 1, column, length: path.length + 2, lineText: lines[i]};
          }
        }
        return null;
      };

      build.onStart(() => realPaths.clear());
      // Every file esbuild is about to read: within the app, the Dashboard's runtime or a package folder, else refused
      // before it is read. esbuild hands over real paths (it follows symlinks unless preserveSymlinks is set, which
      // the worker build never sets), so only paths outside those folders need a look (outsideOf); they are resolved
      // again all the same, and every file read is checked once more at the end.
      if (build.initialOptions.preserveSymlinks)
        throw new Error('The confined build needs esbuild to follow symlinks.');
      build.onLoad({filter: outside ?? /.*/, namespace: 'file'}, (args) => {
        const file = realNow(args.path);
        if (inside(file)) return undefined;
        return {errors: [{text: outsideMessage(file), detail: {refused: file}}]};
      });
      // Every import of the app's files and of the entry, where esbuild resolved it (the build's metafile), is held to
      // the rules of `allowed`: no second resolution per import, so the check costs no more than reading the result.
      build.onEnd((result) => {
        // A file refused above, imported by the app or the entry: the message names that import, as for any other.
        for (const error of result.errors) {
          const refused = (error.detail as {refused?: unknown} | undefined)?.refused;
          const location = error.location;
          if (typeof refused !== 'string' || !location) continue;
          const importer = resolve(workingDir, location.file);
          const written = location.lineText.slice(location.column, location.column + location.length);
          if (trustedImporter(importer) || !/^(['"`]).*\1$/.test(written)) continue;
          error.text = refusedImport(written.slice(1, -1), importer, refused);
        }
        // A build that failed has no metafile; whatever it refused is among its errors, and nothing of it is served.
        if (result.errors.length || !result.metafile) return undefined;
        const errors: esbuild.PartialMessage[] = [];
        const seen = new Set<string>();
        for (const [input, {imports}] of Object.entries(result.metafile.inputs)) {
          const importer = resolve(workingDir, input);
          if (!isEntry(importer) && !existsSync(importer)) continue; // another namespace's module (`ns:path`)
          // Every file read, whatever its path looked like: within the allowed folders.
          if (!isEntry(importer) && !inside(realNow(importer))) errors.push({text: outsideMessage(realNow(importer))});
          if (trustedImporter(importer)) continue;
          for (const record of imports) {
            if (record.external) continue;
            const target = resolve(workingDir, record.path);
            if (!existsSync(target)) continue; // a module of another namespace, or one a package disables
            const path = record.original ?? record.path;
            const file = realNow(target);
            if (allowed(path, isEntry(importer) ? '' : importer, file)) continue;
            const text = refusedImport(path, importer, file);
            if (seen.has(text)) continue;
            seen.add(text);
            errors.push({text, location: importLocation(input, importer, path)});
          }
        }
        return {errors};
      });
    },
  };
}
