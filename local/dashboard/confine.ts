import {existsSync, realpathSync} from 'node:fs';
import {dirname, isAbsolute, join, relative, sep} from 'node:path';
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
   * A package's files and the Dashboard's runtime import as they were published: their imports skip the second
   * resolution (most of a build's imports, and most of what the check cost), and what they load is still held to the
   * allowed folders, once per file, by the onLoad check. The app's own files and the generated entry pay the full check.
   */
  function trustedImporter(importer: string): boolean {
    if (isEntry(importer)) return false;
    const from = realNow(importer);
    return !within(app, from) && (within(hostCode, from) || rootOf(from) !== undefined);
  }

  return {
    name: 'local-dashboard-confine',
    setup(build) {
      build.onStart(() => realPaths.clear());
      build.onLoad({filter: /.*/, namespace: 'file'}, (args) => {
        const file = realNow(args.path);
        if (within(app, file) || within(hostCode, file) || rootOf(file) !== undefined) return undefined;
        return {
          errors: [
            {
              text:
                `Refused to bundle ${file}: it is outside the app's folder ${app} and every package folder. ` +
                `The local Dashboard bundles only the app's own files and the packages it imports.`,
            },
          ],
        };
      });
      build.onResolve({filter: /.*/}, async (args) => {
        if ((args.pluginData as {confined?: boolean} | undefined)?.confined) return undefined;
        if (trustedImporter(args.importer)) return undefined;
        const result = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          namespace: args.namespace,
          resolveDir: args.resolveDir,
          with: args.with,
          pluginData: {...(args.pluginData as object | undefined), confined: true},
        });
        if (result.errors.length) return {errors: result.errors, warnings: result.warnings};
        if (result.namespace === 'file' && !result.external && result.path) {
          const file = realNow(result.path);
          if (!allowed(args.path, args.importer, file)) {
            const shownImporter = isEntry(args.importer)
              ? 'the generated views entry'
              : relative(app, realNow(args.importer));
            return {
              errors: [
                {
                  text:
                    `Refused to bundle "${args.path}" (imported by ${shownImporter}): it resolves to ${file}, outside the app's folder ` +
                    `${app}. The local Dashboard bundles only the app's own files and the packages it imports.`,
                },
              ],
            };
          }
        }
        // Allowed: esbuild (and the plugins after this one) resolve it again as they would have. Returning `result`
        // instead would lose what the public result cannot carry, such as a module a package.json `browser` field
        // disables (object-inspect's ./util.inspect), which esbuild would then try to read from disk.
        return undefined;
      });
    },
  };
}
