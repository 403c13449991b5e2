import {join, resolve} from 'node:path';
import {layoutPathExists, layoutPaths, namedBy, trackedEntries} from '../local/testing/readme-layout';

/**
 * The README's layout table against the tree, both ways: every path it names exists, and every directory of the
 * repository and every entry of `src/` is named by a row (issue 17: "the README's layout table matches the tree").
 */

const root = resolve(__dirname, '..');
const paths = layoutPaths(join(root, 'README.md'));

test('the layout table names paths', () => {
  expect(paths.length).toBeGreaterThan(10);
});

test.each(paths)('%s exists', (path) => {
  expect(layoutPathExists(root, path)).toBe(true);
});

describe('every tracked directory and every entry of src/ has a row', () => {
  const src = trackedEntries(join(root, 'src'));
  test.each(trackedEntries(root).dirs)('%s/', (dir) => {
    expect(namedBy(paths, dir)).toBe(true);
  });
  test.each([...src.dirs, ...src.files])('src/%s', (entry) => {
    expect(namedBy(paths, `src/${entry}`)).toBe(true);
  });
});
