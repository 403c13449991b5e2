import {execFileSync} from 'node:child_process';
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs';
import {join, resolve} from 'node:path';

/**
 * The README's layout table against the tree, both ways: every path it names exists, and every directory of the
 * repository and every entry of `src/` is named by a row (issue 17: "the README's layout table matches the tree").
 */

const root = resolve(__dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** The backticked paths in the first cell of each row of the `## Layout` table. */
function layoutPaths(): string[] {
  const section = readme.split(/^## /m).find((s) => s.startsWith('Layout\n'));
  if (!section) throw new Error('README.md has no "## Layout" section');
  const rows = section.split('\n').filter((line) => line.startsWith('| `'));
  return rows.flatMap((row) => [...row.split('|')[1].matchAll(/`([^`]+)`/g)].map((m) => m[1]));
}

/** A path as the table spells it, with `<page>`-style placeholders, against the tree. */
function exists(path: string): boolean {
  const parts = path.replace(/\/$/, '').split('/');
  const placeholder = parts.findIndex((p) => /^<.+>$/.test(p));
  if (placeholder === -1) return existsSync(join(root, path));
  // A placeholder stands for each subdirectory: there must be at least one, and the rest must exist in each.
  const parent = join(root, ...parts.slice(0, placeholder));
  const dirs = readdirSync(parent).filter((name) => statSync(join(parent, name)).isDirectory());
  const rest = parts.slice(placeholder + 1);
  return dirs.length > 0 && dirs.every((dir) => existsSync(join(parent, dir, ...rest)));
}

/** What git tracks, as top-level directories and entries of src/. */
function tracked(): {topDirs: string[]; srcEntries: string[]} {
  const files = execFileSync('git', ['ls-files'], {cwd: root, encoding: 'utf8'}).split('\n').filter(Boolean);
  const topDirs = new Set(files.filter((f) => f.includes('/')).map((f) => f.split('/')[0]));
  const srcEntries = new Set(files.filter((f) => f.startsWith('src/')).map((f) => f.split('/')[1]));
  return {topDirs: [...topDirs], srcEntries: [...srcEntries]};
}

const paths = layoutPaths();
const named = (entry: string) => paths.some((p) => p === entry || p.startsWith(`${entry}/`));

test('the layout table names paths', () => {
  expect(paths.length).toBeGreaterThan(10);
});

test.each(paths)('%s exists', (path) => {
  expect(exists(path)).toBe(true);
});

describe('every tracked directory and every entry of src/ has a row', () => {
  const {topDirs, srcEntries} = tracked();
  test.each(topDirs)('%s/', (dir) => {
    expect(named(dir)).toBe(true);
  });
  test.each(srcEntries)('src/%s', (entry) => {
    expect(named(`src/${entry}`)).toBe(true);
  });
});
