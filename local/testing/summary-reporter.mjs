/**
 * Prints one closing line CI can read, e.g. "jest: N passed, N failed, N skipped". Each suite names itself with the
 * reporter option `label` (`jest`, `e2e`, `local`, …) so a run of several suites prints one such line each.
 */
export default class SummaryReporter {
  constructor(_globalConfig, options = {}) {
    this.label = options.label ?? 'jest';
  }

  onRunComplete(_contexts, results) {
    const {numPassedTests, numFailedTests, numPendingTests} = results;
    process.stdout.write(
      `${this.label}: ${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests} skipped\n`,
    );
  }
}
