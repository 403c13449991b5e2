/**
 * Test files that start servers, processes or a browser in their hooks (jest.mjs's `slow` and `browser` variants): a
 * minute per test or hook. A setup file, because in a run of every project (jest.all.config.mjs) the `testTimeout`
 * option is the run's, not the project's.
 */
jest.setTimeout(60_000);
