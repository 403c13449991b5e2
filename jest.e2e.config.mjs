import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {jestProject} from './local/testing/jest.mjs';

const root = path.dirname(fileURLToPath(import.meta.url));

/**
 * The Stripe App's browser tests: Keyring's views in the local Dashboard, in Debian's Chromium through playwright-core.
 * `npm run e2e` runs them (and says so plainly when /usr/bin/chromium is missing).
 */
export default jestProject({rootDir: root, roots: ['<rootDir>/ui-tests/e2e'], label: 'e2e', browser: true});
