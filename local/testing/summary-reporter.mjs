/**
 * Prints closing lines CI can read, e.g. "local: N passed, N failed, N skipped". Each suite names itself with the
 * reporter option `label` (`app`, `local`, …); a run of several projects (jest.all.config.mjs) prints one line per
 * project, by its displayName, then its own label's line for the whole run.
 */
export default class SummaryReporter {
  constructor(_globalConfig, options = {}) {
    this.label = options.label ?? 'jest';
  }

  onRunComplete(_contexts, results) {
    const line = (label, passed, failed, skipped) =>
      process.stdout.write(`${label}: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
    const projects = new Map();
    for (const file of results.testResults) {
      const name = file.displayName?.name;
      if (!name) continue;
      const counts = projects.get(name) ?? [0, 0, 0];
      counts[0] += file.numPassingTests;
      counts[1] += file.numFailingTests;
      counts[2] += file.numPendingTests + file.numTodoTests;
      projects.set(name, counts);
    }
    if (projects.size > 1) for (const [name, counts] of projects) line(name, ...counts);
    line(this.label, results.numPassedTests, results.numFailedTests, results.numPendingTests + results.numTodoTests);
  }
}
