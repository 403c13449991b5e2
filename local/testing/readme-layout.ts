import {execFileSync} from 'node:child_process';
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs';
import {join} from 'node:path';

/**
 * A README's layout table (`| path | what lives there |`) against the tree it describes: the paths its rows name, and
 * whether each exists. The tests of the app and of this package hold their README to the tree both ways with it.
 */

const HEADER = '| path | what lives there |';

/** The backticked paths in the first cell of each row of the README's layout table. */
export function layoutPaths(readmeFile: string): string[] {
  const lines = readFileSync(readmeFile, 'utf8').split('\n');
  const start = lines.indexOf(HEADER);
  if (start === -1) throw new Error(`${readmeFile} has no layout table (${HEADER})`);
  const rows: string[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line);
  }
  return rows.flatMap((row) => [...row.split('|')[1].matchAll(/`([^`]+)`/g)].map((m) => m[1]));
}

/** Whether `path` (relative to `base`) exists; a `<page>`-style segment stands for each subdirectory, at least one. */
export function layoutPathExists(base: string, path: string): boolean {
  const parts = path.replace(/\/$/, '').split('/');
  const placeholder = parts.findIndex((p) => /^<.+>$/.test(p));
  if (placeholder === -1) return existsSync(join(base, path));
  const parent = join(base, ...parts.slice(0, placeholder));
  const dirs = readdirSync(parent).filter((name) => statSync(join(parent, name)).isDirectory());
  const rest = parts.slice(placeholder + 1);
  return dirs.length > 0 && dirs.every((dir) => existsSync(join(parent, dir, ...rest)));
}

/** The entries of `dir` that git tracks: its directories, and its files (by name). */
export function trackedEntries(dir: string): {dirs: string[]; files: string[]} {
  const listed = execFileSync('git', ['ls-files', '--', '.'], {cwd: dir, encoding: 'utf8'}).split('\n').filter(Boolean);
  const dirs = new Set(listed.filter((f) => f.includes('/')).map((f) => f.split('/')[0]));
  const files = listed.filter((f) => !f.includes('/'));
  return {dirs: [...dirs], files};
}

/** Whether the table names `entry` itself or something inside it. */
export const namedBy = (paths: string[], entry: string): boolean =>
  paths.some((p) => p === entry || p.startsWith(`${entry}/`));
