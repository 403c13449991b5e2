/** Prints one closing line for the browser tests, beside the main suite's "jest: …" line: "e2e: N passed, N failed, N skipped". */
export default class E2eSummaryReporter {
  onRunComplete(_contexts, results) {
    const {numPassedTests, numFailedTests, numPendingTests} = results;
    process.stdout.write(`e2e: ${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests} skipped\n`);
  }
}
