import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {jestProject} from './local/testing/jest.mjs';

const root = path.dirname(fileURLToPath(import.meta.url));

/** The Stripe App's own tests (ui-tests/, without the browser tests: `npm run e2e` runs those). */
const project = jestProject({rootDir: root, roots: ['<rootDir>/ui-tests'], ignore: ['/ui-tests/e2e/'], label: 'app'});

export default {
  ...project,
  setupFilesAfterEnv: [...project.setupFilesAfterEnv, '<rootDir>/ui-tests/support/testing-library.ts'],
};
