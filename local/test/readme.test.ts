import {join, resolve} from 'node:path';
import {layoutPathExists, layoutPaths, namedBy, trackedEntries} from '../testing/readme-layout';

/** local/README.md's layout table against the package's tree: every path it names exists, every directory has a row. */

const local = resolve(__dirname, '..');
const paths = layoutPaths(join(local, 'README.md'));

test('the layout table names paths', () => {
  expect(paths.length).toBeGreaterThan(8);
});

test.each(paths)('%s exists', (path) => {
  expect(layoutPathExists(local, path)).toBe(true);
});

test.each(trackedEntries(local).dirs)('%s/ has a row', (dir) => {
  expect(namedBy(paths, dir)).toBe(true);
});
