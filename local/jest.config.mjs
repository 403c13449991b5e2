import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {jestProject} from './testing/jest.mjs';

const root = path.dirname(fileURLToPath(import.meta.url));

/** The local Stripe's tests (test/, without the browser tests: `npm run e2e -w local` runs those). */
export default jestProject({
  rootDir: root,
  roots: ['<rootDir>/test'],
  ignore: ['/test/e2e/'],
  label: 'local',
  setupFiles: [path.join(root, 'testing', 'at-repo-root.ts')],
});
