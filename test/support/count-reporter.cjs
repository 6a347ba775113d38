// Records the counts CI reads. scripts/test.mjs prints them as the very last
// line ("N passed, N failed") after jest's own summary. A suite that failed to
// run (syntax error, failing beforeAll) counts as a failure, so a broken file
// can never look green.
const { writeFileSync } = require('node:fs');

class CountReporter {
  onRunComplete(_contexts, results) {
    const counts = {
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
    };
    const file = process.env.WPCI_TEST_COUNTS;
    if (file) writeFileSync(file, JSON.stringify(counts));
    else process.stdout.write(`${counts.passed} passed, ${counts.failed} failed\n`);
  }
}
module.exports = CountReporter;
