import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {jestProject} from './testing/jest.mjs';

const root = path.dirname(fileURLToPath(import.meta.url));

/** The local Dashboard's browser tests: its sandbox, routing and Stripe's example apps, in Debian's Chromium. */
export default jestProject({
  rootDir: root,
  roots: ['<rootDir>/test/e2e'],
  ignore: ['/test/e2e/fixtures/'],
  label: 'dashboard',
  setupFiles: [path.join(root, 'testing', 'at-repo-root.ts')],
  browser: true,
});
