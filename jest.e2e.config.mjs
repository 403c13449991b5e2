import base from './jest.config.mjs';

/**
 * Browser tests: the local Dashboard in Debian's Chromium through playwright-core. `npm run e2e` runs them (and says so
 * plainly when /usr/bin/chromium is missing); the main config ignores ui-tests/e2e.
 * @type {import('jest').Config}
 */
export default {
  ...base,
  roots: ['<rootDir>/ui-tests/e2e'],
  testPathIgnorePatterns: ['/node_modules/', '/ui-tests/e2e/fixtures/'],
  reporters: ['default', '<rootDir>/ui-tests/e2e/summary-reporter.mjs'],
  testTimeout: 60_000,
  // One browser at a time: the machine has two shared cores.
  maxWorkers: 1,
};
